"""Curation: the decisions that correct actors and events (docs/CURATION.md), made from the app.

Every change is a POST, refused unless editing is on and the request carries the app's CSRF
token (``editing.edit_body``), and made through a writable store opened for that request alone
(``StoreProvider.writer``); every query stays read-only.  A form's POST answers with a redirect
(303) to the page that shows the result, with ``?decided=N``; its twin under ``/api`` takes the
same fields as a form or a JSON object and answers with the decision.  ``/decisions`` lists the
decisions (who, when, why, what), each with its undo.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse

from ...curation import describe, undo
from ...errors import ClaimgraphError, StoreBusy, StoreError, UnknownActor
from ...store.decision_rules import FIELDS
from ..deps import MAX_INT, ApiError, get_store, scrub
from ..editing import edit_body, local_path, text_field, with_params
from ..templating import page

router = APIRouter(tags=["curation"])

ActorP = Path(..., min_length=1, max_length=500, description="The actor: its id, name or any alias.")
EventP = Path(..., ge=1, le=MAX_INT, description="The event's id (event_id of an evidence item).")
DecisionP = Path(..., ge=1, le=MAX_INT, description="The decision's id.")
BUSY = "another process is writing to the store (an ingest or a reprocess?); try again when it has finished"
ACTOR_KINDS = ("merge", "split", "rename", "type")


def public(d: dict[str, Any]) -> dict[str, Any]:
    """A decision as the API shows it: the store's row (as ``claimgraph decisions --json``) with its summary."""
    return {"id": d.get("id"), **{k: d.get(k) for k in FIELDS}, "summary": describe(d)}


def _edit(request: Request, back: str | None, action):
    """Run ``action(store)`` on a writable store; a user's mistake is a 4xx that says what was wrong."""
    try:
        with request.app.state.store_provider.writer() as store:
            return action(store)
    except ApiError:
        raise
    except UnknownActor as exc:
        raise ApiError(404, "unknown actor", scrub(request, str(exc)), back) from None
    except StoreBusy:
        raise ApiError(409, "store busy", BUSY, back) from None
    except StoreError:
        raise  # the store cannot be written at all: the app's 503
    except ClaimgraphError as exc:
        raise ApiError(422, "decision refused", scrub(request, str(exc)), back) from None


def _common(body: dict[str, Any]) -> dict[str, Any]:
    return {"note": text_field(body, "note", max_length=2000), "author": text_field(body, "author", max_length=200)}


def _actor_given(kind: str, actor: str, body: dict[str, Any]) -> dict[str, Any]:
    """The fields of an actor decision -> ``Store.add_decision`` arguments."""
    if kind == "merge":
        into, other = text_field(body, "into"), text_field(body, "other")
        if bool(into) == bool(other):
            raise ApiError(422, "invalid request", [{"parameter": "into", "problem": "give into (the actor this one goes into) "
                                                      "or other (the actor that goes into this one), one of the two"}])
        return {"actor": into, "other": actor} if into else {"actor": actor, "other": other}
    if kind == "split":
        return {"actor": actor, "alias": text_field(body, "alias", required=True), "doc": text_field(body, "doc")}
    if kind == "rename":
        return {"actor": actor, "name": text_field(body, "name", required=True)}
    return {"actor": actor, "type": text_field(body, "type", required=True, max_length=20)}


def _actor_decision(request: Request, kind: str, actor: str, body: dict[str, Any]) -> dict[str, Any]:
    back = f"/actors/{quote(actor, safe='')}"
    given = {**_actor_given(kind, actor, body), **_common(body)}
    return _edit(request, back, lambda store: store.add_decision(kind, **given))


def _actor_after(row: dict[str, Any]) -> str:
    """The actor whose page shows what a decision did: the one that stays, or that was split."""
    a = row["args"]
    aid = a.get("into_id") if row["kind"] == "merge" else a.get("from_id") if row["kind"] == "split" else a.get("id")
    return f"/actors/{quote(aid or '', safe='')}" if aid else "/actors"


def _event_decision(request: Request, kind: str, event_id: int, body: dict[str, Any]) -> dict[str, Any]:
    back = local_path(body.get("next"))
    given = _common(body)
    return _edit(request, back, lambda store: store.add_decision(kind, event=event_id, **given))


def _undo(request: Request, decision_id: int, body: dict[str, Any]):
    back = local_path(body.get("next")) or "/decisions"

    def action(store):
        if store.decision(decision_id) is None:
            raise ApiError(404, "unknown decision", f"no decision {decision_id}; the decisions page lists them", back)
        return undo(store, decision_id, reextract=False)  # re-extracting needs the language model: `claimgraph reprocess`

    return _edit(request, back, action)


def _redirect(path: str, **params: Any) -> RedirectResponse:
    """303 to ``path`` (a page of this app), saying what was done (the page's notice)."""
    return RedirectResponse(with_params(path, params, drop=("decided", "undone", "edited")), status_code=303)


def _decided(row: dict[str, Any]) -> dict[str, Any]:
    return {"decision": public(row), "applied": row.get("applied", {})}


# -- actors ---------------------------------------------------------------------------------
def _actor_routes(kind: str, summary: str) -> None:
    @router.post(f"/api/actors/{{actor}}/{kind}", summary=summary, name=f"api_actor_{kind}")
    def api_route(request: Request, actor: str = ActorP, body: dict = Depends(edit_body)):
        return _decided(_actor_decision(request, kind, actor, body))

    @router.post(f"/actors/{{actor}}/{kind}", include_in_schema=False, name=f"actor_{kind}")
    def form_route(request: Request, actor: str = ActorP, body: dict = Depends(edit_body)):
        row = _actor_decision(request, kind, actor, body)
        return _redirect(_actor_after(row), decided=row["id"])


_actor_routes("merge", "Merge actors: this one into `into`, or `other` into this one (fields: into or other, note)")
_actor_routes("split", "Split an alias off this actor into an actor of its own (fields: alias, doc, note)")
_actor_routes("rename", "Give this actor a new canonical name (fields: name, note)")
_actor_routes("type", "Set this actor's type: ORG, PERSON, GPE, NORP or OTHER (fields: type, note)")


# -- events ---------------------------------------------------------------------------------
def _event_routes(verb: str, summary: str) -> None:
    kind = f"{verb}_event"

    @router.post(f"/api/events/{{event_id}}/{verb}", summary=summary, name=f"api_event_{verb}")
    def api_route(request: Request, event_id: int = EventP, body: dict = Depends(edit_body)):
        return _decided(_event_decision(request, kind, event_id, body))

    @router.post(f"/events/{{event_id}}/{verb}", include_in_schema=False, name=f"event_{verb}")
    def form_route(request: Request, event_id: int = EventP, body: dict = Depends(edit_body)):
        row = _event_decision(request, kind, event_id, body)
        return _redirect(local_path(body.get("next")) or "/decisions", decided=row["id"])


_event_routes("reject", "Reject an event as wrongly extracted: it leaves every view, here and wherever its sentence yields it again (field: note)")
_event_routes("confirm", "Confirm an event as right: its evidence items say so (field: note)")


# -- decisions ------------------------------------------------------------------------------
@router.post("/api/decisions/{decision_id}/undo", summary="Undo a decision; what remains in force is applied again")
def api_undo(request: Request, decision_id: int = DecisionP, body: dict = Depends(edit_body)):
    rep = _undo(request, decision_id, body)
    docs = list(rep.undone.documents)
    return {"decision": public(rep.undone.decision), "documents": docs,
            "reextract": "`claimgraph reprocess --all` re-extracts these documents for the exact records" if docs else None}


@router.post("/decisions/{decision_id}/undo", include_in_schema=False)
def undo_form(request: Request, decision_id: int = DecisionP, body: dict = Depends(edit_body)):
    rep = _undo(request, decision_id, body)
    return _redirect(local_path(body.get("next")) or "/decisions", undone=decision_id, edited=len(rep.undone.documents))


def decisions_data(store) -> dict[str, Any]:
    rows = [public(d) for d in store.decisions()]
    return {"decisions": rows, "total": len(rows), "in_force": sum(1 for d in rows if not d["undone_at"])}


def _links(store, d: dict[str, Any]) -> list[dict[str, str]]:
    """The actors a decision is about that are stored now, to link to."""
    a = d.get("args") or {}
    ids = {"merge": ("into_id",), "split": ("from_id", "id"), "rename": ("id",), "type": ("id",)}.get(d["kind"], ())
    out = []
    for key in ids:
        row = store.actor_by_id(a.get(key)) if a.get(key) else None
        if row:
            out.append({"id": row["id"], "name": row["name"]})
    return out


@router.get("/api/decisions", summary="The decisions that correct actors and events, oldest first, in force or undone")
def api_decisions(request: Request, store=Depends(get_store)):
    editing = request.app.state.editing
    return {**decisions_data(store), "editing": editing.enabled, **({"csrf_token": editing.token} if editing.enabled else {})}


@router.get("/decisions", include_in_schema=False)
def decisions_page(request: Request, store=Depends(get_store)):
    data = decisions_data(store)
    rows = [{**d, "actors": _links(store, d), "when": _when(d["created_at"]), "undone_when": _when(d["undone_at"])}
            for d in reversed(data["decisions"])]
    return page(request, "decisions.html", title="Decisions", data=data, rows=rows)


def _when(stamp: str | None) -> str | None:
    """``2024-05-01T09:30:00.123456Z`` -> ``2024-05-01 09:30 UTC``."""
    if not stamp:
        return None
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 and stamp[10] == "T" else stamp
