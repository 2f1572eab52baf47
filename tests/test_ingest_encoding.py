"""Guessing the encoding of non-UTF-8 text (claimgraph.ingest.textio / encodings), issue 14.

Text with many accents used to be read as Windows-1250, so French "à" became "ŕ" without a
word.  Western text must come out right in Latin-1 and Windows-1252, Central European text
must still come out right in Windows-1250 and ISO-8859-2, and a weak guess is a warning.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.ingest import iter_documents
from claimgraph.ingest.textio import decode_bytes, decode_text
from claimgraph.models import Document, ReadProblem

WESTERN = {
    "French": "Le ministère a déclaré à la presse que la délégation française arrivera à Genève "
              "après-demain. Élections, sécurité, économie : où en est-on ? Ça dépend, dit-il.",
    "Spanish": "El señor ministro español dijo que la reunión en Málaga terminó después de la "
               "medianoche. ¿Qué pasará mañana? ¡Atención, niños! La situación es difícil.",
    "German": "Die Bürger in München und Köln äußerten große Sorge über die Lösung. Überraschung: "
              "Gespräche über Öl und Gas scheiterten schließlich in Zürich.",
    "Portuguese": "O ministro português disse que a reunião em São Paulo não terminou. As negociações "
                  "são difíceis, e a situação é crítica. Ação já, pediu o líder da oposição.",
    "Italian": "Il perché della crisi è più complesso: la città è già in difficoltà, però lunedì "
               "si vedrà. Così è, disse il sindaco, e nessuno sa quando finirà.",
}
CENTRAL = {
    "Czech": "Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda České republiky dnes schválila nový "
             "zákon o státním rozpočtu na příští rok, řekl ministr financí.",
    "Polish": "Zażółć gęślą jaźń. Rząd Polski ogłosił, że minister spraw zagranicznych spotka się "
              "z przedstawicielami Unii Europejskiej w środę w Łodzi.",
    "Hungarian": "Árvíztűrő tükörfúrógép. A magyar kormány szerdán bejelentette, hogy a "
                 "külügyminiszter találkozik az uniós vezetőkkel Győrben.",
}


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
@pytest.mark.parametrize("language", sorted(WESTERN))
@pytest.mark.parametrize("repeat", [1, 30])
def test_ingest_encoding_western_text_reads_right(language: str, encoding: str, repeat: int) -> None:
    text = " ".join([WESTERN[language]] * repeat)
    decoded, _enc, doubt = decode_text(text.encode(encoding))
    assert decoded == text
    assert doubt is None
    assert decode_bytes(text.encode(encoding))[0] == text


@pytest.mark.parametrize("encoding", ["cp1250", "iso8859-2"])
@pytest.mark.parametrize("language", sorted(CENTRAL))
def test_ingest_encoding_central_european_text_still_reads_right(language: str, encoding: str) -> None:
    text = " ".join([CENTRAL[language]] * 3)
    decoded, _enc, doubt = decode_text(text.encode(encoding))
    assert decoded == text
    assert doubt is None


def test_ingest_encoding_windows_1252_punctuation() -> None:
    text = "L’État a dit « non » au cœur du débat – c’est la fête… Œuvre complète, 5 € par élève."
    decoded, enc, doubt = decode_text((text + " ") .encode("cp1252") * 5)
    assert decoded.startswith(text) and enc == "cp1252" and doubt is None


def test_ingest_encoding_english_with_a_few_foreign_words_is_not_doubted() -> None:
    text = ("Zoë Quillan, the café owner, said on Tuesday that Señor Okonde paid £5 for the "
            "naïve résumé. ") * 4
    decoded, enc, doubt = decode_text(text.encode("latin-1"))
    assert decoded == text and enc == "cp1252" and doubt is None


def test_ingest_encoding_cyrillic_and_greek_still_detected() -> None:
    ru = "Президент заявил журналистам, что переговоры продолжатся на следующей неделе в Москве. " * 3
    el = "Ο πρωθυπουργός δήλωσε ότι οι διαπραγματεύσεις θα συνεχιστούν την επόμενη εβδομάδα. " * 3
    assert decode_text(ru.encode("cp1251"))[0] == ru
    assert decode_text(ru.encode("koi8-r"))[0] == ru
    assert decode_text(el.encode("cp1253"))[0] == el


def test_ingest_encoding_weak_guess_is_a_warning(tmp_path: Path) -> None:
    # only è, à and é: as Windows-1250 this reads as Slovak-looking "pčre", "ŕ"; Western wins, with a warning
    text = "Le père à la rivière, très célèbre : Hélène et Michèle à Genève, près de Thérèse."
    p = tmp_path / "ambiguous.txt"
    p.write_bytes((text + "\n\n" + text.replace("Le père", "Un frère") + "\n").encode("latin-1"))
    warning, doc = list(iter_documents([str(p)]))
    assert isinstance(warning, ReadProblem) and not warning.fatal
    assert "not UTF-8" in warning.reason and "Windows-1252" in warning.reason and "\n" not in warning.reason
    assert isinstance(doc, Document) and "Le père à la rivière" in doc.text


def test_ingest_encoding_french_latin1_file_reads_without_warning(tmp_path: Path) -> None:
    p = tmp_path / "fr.txt"
    p.write_bytes(("Crise à Genève\n\n" + " ".join([WESTERN["French"]] * 5) + "\n").encode("latin-1"))
    (doc,) = list(iter_documents([str(p)]))
    assert isinstance(doc, Document)
    assert doc.title == "Crise à Genève"
    assert "déclaré à la presse" in doc.text and "ŕ" not in doc.text and "č" not in doc.text


def test_ingest_encoding_czech_cp1250_file_reads_without_warning(tmp_path: Path) -> None:
    p = tmp_path / "cs.txt"
    p.write_bytes((" ".join([CENTRAL["Czech"]] * 5) + "\n").encode("cp1250"))
    (doc,) = list(iter_documents([str(p)]))
    assert isinstance(doc, Document) and "Příliš žluťoučký kůň" in doc.text
