"""Migration 19's kept counts for ``framing``: ``actor_outlets``, the documents that mention each
actor, counted per outlet (the ``OUTLET_COLUMNS`` of ``events.py``, in one key ``k`` as
``outlet_documents`` has it, migration 16), and the triggers on ``mentions`` and ``documents``
that keep it equal to grouping the mentions (``outlets_mentioning``; ``schema.py`` says why).
A document counts for an actor with the actor's first mention in it and stops with its last
(``mentions_actor`` finds the others); a merge or split moves mentions by ``actor_id``."""
from __future__ import annotations

from .kept_sql import outlet_columns, outlet_key

_OTHERS = "SELECT 1 FROM mentions WHERE actor_id = {p}.actor_id AND doc_id = {p}.doc_id"


def _add(p: str, others: str) -> str:
    """Count the mention ``p``'s document for its actor when no other mention of theirs is there."""
    return (f"INSERT INTO actor_outlets(actor_id, k, source, path, title, id, documents)"
            f" SELECT {p}.actor_id, {outlet_key('d')}, {outlet_columns('d')}, 1 FROM documents d"
            f" WHERE d.id = {p}.doc_id AND NOT EXISTS ({others})"
            " ON CONFLICT(actor_id, k) DO UPDATE SET documents = documents + 1;")


def _sub(p: str) -> str:
    """Uncount the mention ``p``'s document for its actor when it was their last mention there."""
    key = f"(SELECT {outlet_key('d')} FROM documents d WHERE d.id = {p}.doc_id)"
    return (f"UPDATE actor_outlets SET documents = documents - 1 WHERE actor_id = {p}.actor_id AND k = {key}"
            f" AND NOT EXISTS ({_OTHERS.format(p=p)});"
            f" DELETE FROM actor_outlets WHERE actor_id = {p}.actor_id AND k = {key} AND documents <= 0;")


def _move(old: str, new: str) -> str:
    """A document's outlet columns changed: its actors' counts go from the old key to the new one."""
    actors = f"SELECT DISTINCT actor_id FROM mentions WHERE doc_id = {new}.id"
    return (f"UPDATE actor_outlets SET documents = documents - 1 WHERE k = {outlet_key(old)} AND actor_id IN ({actors});"
            f" DELETE FROM actor_outlets WHERE k = {outlet_key(old)} AND documents <= 0;"
            f" INSERT INTO actor_outlets(actor_id, k, source, path, title, id, documents)"
            f" SELECT actor_id, {outlet_key(new)}, {outlet_columns(new)}, 1 FROM ({actors}) WHERE 1"
            " ON CONFLICT(actor_id, k) DO UPDATE SET documents = documents + 1;")


ACTOR_OUTLETS = f"""
    CREATE TABLE actor_outlets (
        actor_id TEXT NOT NULL, k TEXT NOT NULL, source TEXT, path TEXT, title TEXT, id TEXT, documents INTEGER NOT NULL,
        PRIMARY KEY (actor_id, k)
    ) WITHOUT ROWID;
    INSERT INTO actor_outlets(actor_id, k, source, path, title, id, documents)
        SELECT m.actor_id, {outlet_key('d')}, {outlet_columns('d')}, COUNT(*)
          FROM (SELECT DISTINCT actor_id, doc_id FROM mentions) m JOIN documents d ON d.id = m.doc_id GROUP BY 1, 2;
    CREATE TRIGGER actor_outlets_ai AFTER INSERT ON mentions BEGIN
        {_add('new', _OTHERS.format(p='new') + ' AND rowid <> new.rowid')}
    END;
    CREATE TRIGGER actor_outlets_ad AFTER DELETE ON mentions BEGIN {_sub('old')}
    END;
    CREATE TRIGGER actor_outlets_au AFTER UPDATE OF actor_id, doc_id ON mentions
    WHEN old.actor_id IS NOT new.actor_id OR old.doc_id IS NOT new.doc_id BEGIN
        {_sub('old')}
        {_add('new', _OTHERS.format(p='new') + ' AND rowid <> new.rowid')}
    END;
    CREATE TRIGGER actor_outlets_doc_au AFTER UPDATE OF source, path, title ON documents
    WHEN {outlet_key('old')} IS NOT {outlet_key('new')} BEGIN {_move('old', 'new')}
    END;
"""


#: migration 28: each label carries its document's outlet key and date, which triggers keep equal to
#: the document's (a label in, a document's outlet columns or date changed), so that an actor's labels
#: are grouped by outlet and wording, each group's first found, along one index of the labels alone
#: (``DocumentReads.label_groups``), where every label was joined to its document's row
LABEL_OUTLETS = f"""
    ALTER TABLE labels ADD COLUMN k TEXT;
    ALTER TABLE labels ADD COLUMN published TEXT;
    UPDATE labels SET (k, published) = (SELECT {outlet_key('d')}, d.published FROM documents d WHERE d.id = labels.doc_id);
    DROP INDEX labels_actor_label;
    CREATE INDEX labels_actor_label ON labels(actor_id, k, label, published, doc_id, start);
    CREATE TRIGGER labels_outlet_ai AFTER INSERT ON labels BEGIN
        UPDATE labels SET (k, published) = (SELECT {outlet_key('d')}, d.published FROM documents d WHERE d.id = new.doc_id)
        WHERE rowid = new.rowid;
    END;
    CREATE TRIGGER labels_outlet_doc_au AFTER UPDATE OF source, path, title, published ON documents
    WHEN {outlet_key('old')} IS NOT {outlet_key('new')} OR old.published IS NOT new.published BEGIN
        UPDATE labels SET (k, published) = ({outlet_key('new')}, new.published) WHERE doc_id = new.id;
    END;
"""
