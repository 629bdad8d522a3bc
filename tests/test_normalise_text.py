"""Danish-aware normalisation: tokens and boundaries, æ/ø/å restoring, stems, hashes."""

from __future__ import annotations

import pytest

from pipeline.normalise.text import (
    CLAUSE,
    JOIN,
    SENTENCE,
    Vocabulary,
    canonical_text,
    fold,
    normalise_text,
    stem,
    text_hash,
    tokenize,
)

VOCAB = Vocabulary(["målere", "skærmbesøg", "strømpepåtager", "løsning", "vasketoilet", "år"])


def test_fold_writes_danish_letters_as_digraphs():
    assert fold("skærmbesøg på plejecentret") == "skaermbesoeg paa plejecentret"


def test_stem_is_danish_snowball():
    assert stem("loftliftene") == stem("loftlifte") == "loftlift"


@pytest.mark.parametrize(
    "typed, restored",
    [
        ("maalere", "målere"),  # known word
        ("skaermbesoeg", "skærmbesøg"),
        ("skaermbesoegene", "skærmbesøgene"),  # inflected: known through its stem
        ("stroempepaatagere", "strømpepåtagere"),
        ("skaermbesoegsloesning", "skærmbesøgsløsning"),  # compound of two known words
        ("aar", "år"),
        ("israel", "israel"),  # no digraph
        ("koefficient", "koefficient"),  # "køfficient" is no known word: left alone
    ],
)
def test_restore_gives_back_ae_oe_aa_only_where_a_word_needs_it(typed, restored):
    assert VOCAB.restore(typed) == restored


def test_vocabulary_knows_compounds_of_known_words():
    assert VOCAB.is_known("vasketoiletløsning")
    assert VOCAB.is_known("vasketoiletsløsning")  # linking s
    assert not VOCAB.is_known("kvantecomputer")


def test_tokenize_casefolds_and_records_boundaries():
    t = tokenize("Loft-lifte og Vaske toiletter, men ingen GPS. Robotstøvsuger")
    assert t.words == (
        "loft",
        "lifte",
        "og",
        "vaske",
        "toiletter",
        "men",
        "ingen",
        "gps",
        "robotstøvsuger",
    )
    assert t.gaps == (SENTENCE, JOIN, JOIN, JOIN, JOIN, CLAUSE, JOIN, JOIN, SENTENCE)
    assert t.capitalised[0] and t.capitalised[3] and not t.capitalised[2]
    assert t.clause == (0, 0, 0, 0, 0, 1, 1, 1, 2)
    assert t.sentence == (0, 0, 0, 0, 0, 0, 0, 0, 1)


@pytest.mark.parametrize(
    "text, word, gap",
    [
        ("Vi har valgt det fra pga. prisen", "prisen", JOIN),  # abbreviation, no sentence end
        ("Samtaler pr. skærm", "skærm", JOIN),  # "pr." is an abbreviation too
        ("Spiserobot - nej", "nej", CLAUSE),  # spaced dash
        ("Strømpe på- og aftagere", "og", JOIN),  # elided compound
        ("Sensor (madras)", "madras", JOIN),  # brackets belong to what they explain
        ("Vasketoiletter samt loftlifte", "samt", CLAUSE),  # "samt" opens a new list item
        ("- Loftlifte\n- Vasketoiletter", "vasketoiletter", SENTENCE),  # bullet list
        ("Loftlifte; vasketoiletter", "vasketoiletter", SENTENCE),
        ("Skylle/tørretoiletter", "tørretoiletter", JOIN),
    ],
)
def test_tokenize_boundaries(text, word, gap):
    t = tokenize(text)
    assert t.gaps[t.words.index(word)] == gap


def test_tokenize_empty_and_punctuation_only():
    assert tokenize("").words == ()
    assert tokenize(" - ? ").words == ()


def test_canonical_text_and_hash_ignore_case_spacing_and_control_characters():
    a = "Vasketoiletter  og\nLoftlifte"
    b = " vasketoiletter og loftlifte\x07"
    assert canonical_text(a) == canonical_text(b) == "vasketoiletter og loftlifte"
    assert text_hash(a) == text_hash(b)
    assert len(text_hash(a)) == 16
    assert text_hash(a) != text_hash("vasketoiletter og personløftere")


def test_canonical_text_is_nfc():
    decomposed = "Ska\u030aret"  # a + combining ring
    assert canonical_text(decomposed) == "skåret"


def test_normalise_text_restores_with_a_vocabulary():
    assert normalise_text("Blodtryks MAALERE", VOCAB) == "blodtryks målere"
    assert normalise_text("Blodtryks MAALERE") == "blodtryks maalere"
