"""A released migration's text never changes: a store that ran it must end where a new one does.
Several migrations are built from code (the kept tables' triggers), so an edit elsewhere (a
helper, a constant) could change them silently; the digests below pin them.  To change the
schema, append a migration and add its digest here once it is released."""
from __future__ import annotations

import hashlib

from claimgraph.ontology import UNREALIZED
from claimgraph.store.postgres.schema import MIGRATIONS as POSTGRES
from claimgraph.store.sqlite.conflict_sql import UNREALIZED_AT_15
from claimgraph.store.sqlite.schema import MIGRATIONS as SQLITE

# sha256 of each migration's text (first 16 hex digits), migration 1 first
RELEASED = {
    "sqlite": ["8de8f3993126f7d7", "b6b7d00725251d0c", "b15c1f217b493681", "0fdc94c5627f96c3", "5eabed9d32071c2a",
               "65fd805e6a959206", "0815b105dfdc633a", "a38ef47a80d09a99", "502be3bd175c55a2", "886455dad6e34655",
               "ffa92997162cf114", "f29f67be02f6ed86", "bc996f37526b4b91", "540a29939893f969", "4769eadde8b290a9",
               "a738c1ddfa4c4695", "8fdfa2307f009105", "6088638211473c3a", "2e0e2a00b40ee97a", "e004ebd5b5532a4b",
               "e004ebd5b5532a4b", "e004ebd5b5532a4b", "e004ebd5b5532a4b", "e004ebd5b5532a4b", "e004ebd5b5532a4b",
               "e004ebd5b5532a4b", "e004ebd5b5532a4b", "62c2cc101b740cce"],
    "postgres": ["ac99fc4ebdb28b66", "80b9c6904df28d91", "3b600221aa7fdea0", "807962d376cdeee7", "742b7e7a77edcdf6",
                 "b2724bbc3d7e1af0", "083b3fe3043ccb90", "89eba1346adbf04b", "e2b29494238d9256", "8d46fb76372fca42",
                 "2352057fe3a7d49e", "adf3be75672535da", "9f18fe5fd7528e9a", "540a29939893f969", "9f18fe5fd7528e9a",
                 "9f18fe5fd7528e9a", "9f18fe5fd7528e9a", "9f18fe5fd7528e9a", "e22d61deb7d18e9c", "1b8b7de92e314827",
                 "b04803a29216464a", "c3b7a4ed6d858848", "848c55d138a78c85", "0100fa3fdfd505a7",
                 "d6b4aa6de7d1ec09", "b103ee936f179b00", "cea6bb190a3f5b25", "0ae545cb1c53fca8"],
}


def _digests(migrations: list[str]) -> list[str]:
    return [hashlib.sha256(text.encode()).hexdigest()[:16] for text in migrations]


def test_released_migrations_keep_their_text():
    for name, migrations in (("sqlite", SQLITE), ("postgres", POSTGRES)):
        got = _digests(migrations)[:len(RELEASED[name])]
        changed = [i + 1 for i, (g, w) in enumerate(zip(got, RELEASED[name])) if g != w]
        assert not changed, f"{name}: released migration(s) {changed} changed text; append a new migration instead"
        assert len(migrations) >= len(RELEASED[name]), f"{name}: a released migration was removed"


def test_kept_conflict_tables_use_the_modes_the_reads_use():
    """The kept conflict tables count acts by the unrealized modes frozen in migration 15; the
    reads (``ACT_SQL``) use ``ontology.UNREALIZED``.  If that changes, a new migration must
    rebuild the tables (and freeze the new list), or the two would disagree."""
    assert UNREALIZED_AT_15 == tuple(sorted(UNREALIZED))
