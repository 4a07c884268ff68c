"""Index-time annotation: entities and who reports each sentence, from the grammar."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokenizer import Tokenizer

from index.nlp import UNUSED_PARTS, annotate, is_english, parse, pipeline, pipeline_id
from index.types import Sentence


def sentences(*texts, doc_id="d"):
    return [Sentence(doc_id, i, 0, len(text), text) for i, text in enumerate(texts)]


def speakers(*texts, doc_id="d"):
    return [facts.speaker for facts in annotate(sentences(*texts, doc_id=doc_id))]


def test_named_pronoun_and_quoted_continuations():
    assert speakers(
        "The vote was historic, analyst Jane Doe said.",
        "“It changes everything,” she said.",
        "“Nobody expected it.”",
        "The parliament met on Sunday.",
        "Easier said than done: a headline.",
        "“We will stay,” said John Smith, who met Doe later.",
    ) == ["Jane Doe", "Jane Doe", "Jane Doe", None, None, "John Smith"]


def test_a_verb_right_after_a_quotation_introduces_it_whatever_the_parse_made_of_it():
    # The parser takes "occupancy dips" for a noun phrase, not the verb's clause.
    assert speakers(
        "“Restaurant occupancy dips considerably during the first week in January,” said"
        " restaurant publicist Clara B. Oduya."
    ) == ["Clara B. Oduya"]
    # A quoted title as the subject quotes no one.
    assert speakers("“Harbour Lights” grossed $12.5 million in its first weekend.") == [None]


def test_he_or_she_said_continues_the_subject_before_not_the_person_named_last():
    assert speakers(
        "In the women's draw, Maria Lenz beat Anna Kovac 6-3 6-1.",
        "Lenz, who had needed three sets to defeat Sofia Marin in the previous round, was"
        " delighted with her form.",
        "“Today I was eager to clean up my act,” she told the tournament's web site.",
    )[2] == "Maria Lenz"


def test_reporting_verbs_in_any_tense_and_form():
    found = speakers(
        "The deal will collapse, Maria Lopez predicts.",
        "Critics have long argued that the plan is too costly, Tom Reed has argued.",
        "According to Ahmed Khan, the talks failed.",
        "Secretary Ann Lee defended the plan, insisting that voters support it.",
    )
    assert found == ["Maria Lopez", "Tom Reed", "Ahmed Khan", "Ann Lee"]


def test_a_role_subject_speaks_through_the_name_in_apposition_to_it():
    found = speakers(
        "A court spokesman, Midas Marquez, told reporters the ruling was fair.",
        "Her lawyer, Shawn Holley, said she will appear.",
        "The ministry's spokesman said the talks failed.",
    )
    assert found == ["Midas Marquez", "Shawn Holley", None]


def test_she_is_whoever_was_written_last_and_he_said_whoever_was_quoted_last():
    facts = annotate(sentences(
        "Amara Osei will race in Tokyo next month.",
        "Her coach, Kwame Mensah, said that Osei was fit.",
        "She holds the African record.",
        "“We are ready,” he said.",
    ))
    assert facts[1].speaker == "Kwame Mensah"
    assert facts[2].referent.endswith("Osei")
    assert facts[3].speaker == "Kwame Mensah"


def test_the_listener_is_not_the_speaker():
    assert speakers("“It began there,” Davies told RT.", "Davies and RT agreed.")[0] == "Davies"


def test_a_surname_continues_the_full_name_and_a_quote_runs_over_sentences():
    found = speakers(
        "The law is unfair, lawyer Nina Patel said.",
        "“It punishes the poor. It helps nobody.",
        "Nobody listened,” Patel said.",
    )
    assert found == ["Nina Patel", "Nina Patel", "Nina Patel"]


def test_attribution_does_not_cross_documents():
    first = annotate(sentences("The plan may fail, Jane Doe warned.", doc_id="a"))
    second = annotate([Sentence("b", 1, 0, 23, "“It will not,” he said.")])
    assert [f.speaker for f in (*first, *second)] == ["Jane Doe", None]


def test_entities_carry_offsets_into_their_sentence():
    text = "Émile Zola wrote in Paris on 13 January 1898."
    (facts,) = annotate(sentences(text))
    assert facts.entities
    for entity in facts.entities:
        assert text[entity.start : entity.end] == entity.text
    assert "DATE" in {e.label for e in facts.entities}


def test_a_name_is_not_widened_over_a_titles_full_stop():
    (facts,) = annotate(sentences("The suspect, Maj. Nidal Malik Hasan, remained in care."))
    assert "Nidal Malik Hasan" in {e.text for e in facts.entities if e.label == "PERSON"}


def test_questions_parse_into_tokens_with_heads():
    tokens = parse("what did vltcheck say about the parliament?")
    say = next(i for i, t in enumerate(tokens) if t.lemma == "say")
    assert any(t.dep == "nsubj" and t.head == say and t.text == "vltcheck" for t in tokens)


def test_the_pipeline_is_named_with_its_version():
    assert "-3.8.0+facts" in pipeline_id()


def test_he_or_she_refers_to_the_person_named_last():
    facts = annotate(sentences(
        "Maria Petrova retired on Friday.",
        "She won the world title three times.",
        "The club thanked its members.",
        "Coach Ivan Sokolov said she was the best he had trained.",
    ))
    assert [f.referent for f in facts] == [None, "Maria Petrova", None, None]


def test_whom_a_speaker_addressed():
    facts = annotate(sentences(
        "“We never saw the army leave,” Vltchek told RT.",
        "Becker told the Harbor Gazette the design is safe.",
        "“It is over,” he said in an interview with the BBC.",
        "Lena Ortiz spoke to reporters after the vote, saying the harbour would reopen.",
        "The project will cost too much, Rosa Alvarez warned.",
    ))
    assert [f.listener for f in facts] == ["RT", "the Harbor Gazette", "the BBC", "reporters",
                                           None]


def test_a_definite_subject_repeating_a_noun_refers_to_the_people_named_before():
    facts = annotate(sentences(
        "Police arrested two men, Carlos Ruiz and Peter Hahn, on Friday.",
        "The men were charged with fraud on Monday.",
        "The judge set bail at $10,000.",
        "A witness saw two other men, Ivo Lenz and Max Ortiz, leave the bank.",
        "Two men were released.",
    ))
    assert [f.antecedents for f in facts] == [(), ("Carlos Ruiz", "Peter Hahn"), (), (), ()]


def test_a_definite_subject_refers_only_to_the_people_its_noun_stood_for():
    facts = annotate(sentences(
        "Scientist Paul Baran developed the concept of packet switching in the 1960s.",
        "The concept contradicted the established principles of the field.",
        "Robert Johnson, as well as three other officials, was questioned by police.",
        "The officials were released.",
    ))
    assert [f.antecedents for f in facts] == [(), (), (), ("Robert Johnson",)]


def test_antecedents_do_not_cross_documents():
    first = sentences("Officials named the victims, Ana Gil and Rui Costa.", doc_id="a")
    second = sentences("The victims were never identified.", doc_id="b")
    assert annotate(first + second)[1].antecedents == ()


def test_a_sentence_that_refers_to_people_is_written_out_with_their_names():
    facts = annotate(sentences(
        "Police arrested two men, Carlos Ruiz and Peter Hahn, on Friday.",
        "The two men were charged with fraud on Monday.",
        "Maria Petrova retired on Friday.",
        "She won the world title three times.",
        "Her coach was in tears.",
        "“It is over,” she said.",
    ))
    assert [f.written_out for f in facts] == [
        None,
        "The two men, Carlos Ruiz and Peter Hahn, were charged with fraud on Monday.",
        None,
        "Maria Petrova won the world title three times.",
        "Maria Petrova’s coach was in tears.",
        None,  # it reports her words: the speaker is already hers
    ]


def test_the_n_year_old_is_the_person_written_last():
    facts = annotate(sentences(
        "Maria Petrova retired on Friday.",
        "The 34-year-old won the world title three times.",
        "A 30-year-old man was arrested.",
    ))
    assert facts[1].referent == "Maria Petrova"
    assert facts[1].written_out == "The 34-year-old, Maria Petrova, won the world title three times."
    assert facts[2].referent is None and facts[2].written_out is None


def test_each_date_is_paired_with_the_word_it_modifies():
    texts = ("The crisis began in October 1973 when the embargo was proclaimed.",
             "The situation has changed since the early stages of the 2003 invasion.",
             "The city bought the ferry from a Danish shipyard in 1998.")
    dated = [{(word, text[start:end]) for word, start, end in facts.dated}
             for text, facts in zip(texts, annotate(sentences(*texts)))]
    assert ("begin", "October 1973") in dated[0]
    assert ("invasion", "2003") in dated[1]
    assert ("buy", "1998") in dated[2]


def test_a_quotation_as_the_complement_of_a_verb_is_its_subjects_words():
    assert speakers("Mitt Romney, a leading Republican, called it “shockingly audacious.”",
                    "Hillary Clinton called the request “unacceptable.”") == [
        "Mitt Romney", "Hillary Clinton"]
    # A quotation in the subject, or a title, is no one's words.
    assert speakers("The film “Blue Harbour” won the prize on Sunday.",
                    "Betty White is the last of the four “Golden Girls” stars.") == [None, None]


def test_each_verb_keeps_its_arguments_and_where_they_stand():
    texts = ("Olsen was convicted of smuggling phones into the prison.",
             "The agreement was signed by the presidents of Sudan and Chad.",
             "Lena Moss moved to Los Angeles and married Paul Kern.")
    found = [{(verb, place, text[start:end]) for verb, place, start, end in facts.arguments}
             for text, facts in zip(texts, annotate(sentences(*texts)))]
    assert ("convict", "of", "smuggling phones into the prison") in found[0]
    assert ("sign", "agent", "the presidents of Sudan and Chad") in found[1]
    # A conjoined verb shares its head's subject.
    assert ("marry", "nsubj", "Lena Moss") in found[2]
    assert ("marry", "dobj", "Paul Kern") in found[2]


def test_the_tokenizer_left_unread_is_the_one_the_language_builds(article_text):
    built = pipeline(entities=False).tokenizer
    name, version = pipeline_id().split("+")[0].rsplit("-", 1)
    package = Path(importlib.import_module(name).__file__).parent
    saved = Tokenizer(built.vocab).from_disk(package / f"{name}-{version}" / "tokenizer",
                                             exclude=["vocab"])
    assert "tokenizer" in UNUSED_PARTS
    assert saved.rules == built.rules
    for part in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert getattr(saved, part).__self__.pattern == getattr(built, part).__self__.pattern
    assert saved.token_match == built.token_match
    assert [t.text for t in saved(article_text)] == [t.text for t in built(article_text)]


def test_the_pipeline_loads_without_torch_or_spacys_command_line_which_stay_importable():
    script = (
        "import sys\n"
        "from index import nlp\n"
        "from index.types import Sentence\n"
        "nlp.parse('What did Maloof warn?')\n"
        "nlp.annotate([Sentence('d', 0, 0, 21, 'Mr. Smith said hello.')])\n"
        "print(sorted(m for m in ('torch', 'spacy.cli') if m in sys.modules))\n"
        "import spacy, spacy.cli.info\n"
        "print(spacy.info()['spacy_version'] == spacy.__version__)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.stdout.split("\n")[:2] == ["[]", "True"], run.stderr


def test_the_highest_reporting_verb_says_who_speaks():
    found = speakers(
        "One of them was a foreigner; Ali Hassan was identified by his relatives, the "
        "military said.",
        "Tiller had armed security at his clinic and a “pretty rigorous” procedure at home, "
        "Peter Brownlie said.",
        "“I will fight, I have done nothing wrong,” Rod Blagojevich said.",
    )
    assert found == [None, "Peter Brownlie", "Rod Blagojevich"]


def test_the_subject_of_a_passive_is_spoken_of_unless_quoted_as_saying():
    found = speakers(
        "Stephen Hawking, 67, is hospitalized but said to be “comfortable.”",
        "He was said to be “comfortable” on Tuesday.",
        "Ann Krupa has been quoted as saying, “There is nothing sexy about it.”",
    )
    assert found == [None, None, "Ann Krupa"]


def test_a_pronoun_subject_keeps_its_person_as_the_one_he_said_continues():
    found = speakers(
        "William Safire wrote speeches for the president.",
        "He was credited with the debate between Richard Nixon and Nikita Khrushchev.",
        "“It was my kitchen,” he recounted.",
    )
    assert found[2] == "William Safire"


@pytest.mark.parametrize("word, english", [
    ("leading", True), ("works", True), ("went", True), ("children", True),
    ("pompeio", False), ("vltcheck", False), ("parliment", False),
])
def test_english_words_are_known_by_their_forms(word, english):
    assert is_english(word) is english
