"""Each document's sentences, found without a scan: the same ones a scan of the corpus finds."""

from index.types import Sentence
from qa.document_sentences import DocumentSentences


def _corpus():
    """Two documents of three sentences each, interleaved in the index the way no store
    writes them, so that grouping is what is tested."""
    spans = [("a", 0, 10), ("b", 0, 5), ("a", 11, 20), ("b", 6, 30), ("a", 25, 40), ("b", 31, 32)]
    return [Sentence(doc, i, start, end, "x" * 40)
            for i, (doc, start, end) in enumerate(spans)]


def _scan(sentences, doc_id, offset):
    for sentence in sentences:
        if sentence.doc_id == doc_id and sentence.start <= offset < sentence.end:
            return sentence.sentence_id
    return None


def test_holding_finds_what_a_scan_finds():
    sentences = _corpus()
    by_document = DocumentSentences(sentences)
    for doc_id in ("a", "b", "c"):
        for offset in range(-1, 45):
            assert by_document.holding(doc_id, offset) == _scan(sentences, doc_id, offset)


def test_of_gives_a_documents_sentences_in_order():
    sentences = _corpus()
    by_document = DocumentSentences(sentences)
    assert [s.sentence_id for s in by_document.of("a")] == [0, 2, 4]
    assert [s.sentence_id for s in by_document.of("b")] == [1, 3, 5]
    assert by_document.of("c") == []


def test_every_sentence_of_the_article_holds_its_own_start(engine):
    by_document = DocumentSentences(engine.index.sentences)
    for sentence in engine.index.sentences:
        assert by_document.holding(sentence.doc_id, sentence.start) == sentence.sentence_id
        assert by_document.holding(sentence.doc_id, sentence.end - 1) == sentence.sentence_id
