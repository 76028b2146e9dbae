"""The vendor notes' sample payloads (§9) parsed by the typed client and the old idiom, and
the error bodies turned into the right exceptions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import respx
from support.clevertim import (
    BASE,
    KEY,
    SAMPLE_CASE,
    SAMPLE_COMMENT,
    SAMPLE_COMPANY,
    SAMPLE_CONTACT,
    SAMPLE_CUSTOM_FIELD,
    SAMPLE_GROUP,
    SAMPLE_NOTE,
    SAMPLE_OPPORTUNITY,
    SAMPLE_TASK,
    SAMPLE_USER,
    envelope,
)

from crmkit import core
from crmkit.clevertim import (
    AuthenticationError,
    BadRequest,
    Client,
    Contact,
    Note,
    NotFound,
    OperationNotSupported,
    ServerError,
    Session,
    SessionError,
    Task,
)


@pytest.fixture
def typed() -> Any:
    with Client(KEY, max_retries=0) as c:
        yield c


@respx.mock
def test_contact_sample(typed: Client) -> None:
    respx.get(BASE + "contact/812").respond(json=envelope(SAMPLE_CONTACT))
    ada = typed.contacts.get(812)
    assert (ada.first_name, ada.last_name, ada.company_id) == ("Ada", "Quill", 811)
    assert ada.emails == ["ada@quill.example"] and ada.phones[0].number == "+44 7700 900123"
    assert ada.social_media_ids[0].handle == "adaquill" and ada.customer_type == "P"
    assert ada.custom_field_values == {"4": "2024-03-01", "8": "Gold"}
    assert ada.notes == [40] and ada.photo == "ada.jpg"
    assert ada.modified_at == dt.datetime(2024, 3, 2, 10, tzinfo=dt.UTC)


@respx.mock
def test_company_sample(typed: Client) -> None:
    respx.get(BASE + "company/811").respond(json=envelope(SAMPLE_COMPANY))
    company = typed.companies.get(811)
    assert company.name == "Quill Ltd" and company.is_company is True


@respx.mock
def test_opportunity_sample_keeps_value_a_string_and_reads_a_decimal(typed: Client) -> None:
    respx.get(BASE + "opportunity/31").respond(json=envelope(SAMPLE_OPPORTUNITY))
    deal = typed.opportunities.get(31)
    assert deal.value == "2500" and deal.amount == Decimal("2500") and deal.currency == "GBP"
    assert deal.who == 812 and deal.created_by == 3


@respx.mock
def test_case_sample_with_a_multi_valued_custom_field(typed: Client) -> None:
    respx.get(BASE + "case/5").respond(json=envelope(SAMPLE_CASE))
    assert typed.cases.get(5).custom_field_values == {"9": ["3", "4"]}


@respx.mock
def test_task_sample_dates_and_recurrence(typed: Client) -> None:
    respx.get(BASE + "task/7").respond(json=envelope(SAMPLE_TASK))
    task = typed.tasks.get(7)
    assert task.start is not None and task.start.date == dt.date(2024, 3, 4)
    assert task.start.time == dt.time(9, 30)
    assert task.end is not None and task.end.time is None
    assert task.recurring_details.type == "weekday" and task.opportunity == 31


@respx.mock
def test_sent_email_note_sample(typed: Client) -> None:
    respx.get(BASE + "note/40").respond(json=envelope(SAMPLE_NOTE))
    note = typed.notes.get(40)
    assert note.note_type == "S" and note.who == [812] and note.headline == "Pricing"
    assert note.email_info is not None and note.email_info.cc is not None
    assert note.email_info.cc[0].bounce_reason == "Invalid address"


@respx.mock
def test_comment_custom_field_user_and_group_samples(typed: Client) -> None:
    respx.get(BASE + "comment/41").respond(json=envelope(SAMPLE_COMMENT))
    respx.get(BASE + "customfield/8").respond(json=envelope(SAMPLE_CUSTOM_FIELD))
    respx.get(BASE + "user/3").respond(json=envelope(SAMPLE_USER))
    respx.get(BASE + "group/1").respond(json=envelope(SAMPLE_GROUP))
    assert typed.comments.get(41).task == 7
    field = typed.custom_fields.get(8)
    assert field.field_type == "select" and field.allowed_values == ["Gold", "Silver"]
    assert typed.users.get(3).permissions == ["canexport", "canedit", "candelete"]
    assert typed.groups.get(1).users == [3, 4]


@respx.mock
def test_the_idiom_reads_the_samples() -> None:
    respx.get(BASE + "task/7").respond(json=envelope(SAMPLE_TASK))
    respx.get(BASE + "note/40").respond(json=envelope(SAMPLE_NOTE))
    session = Session(api_key=KEY)
    task = Task(session, key=7)
    assert task.start_date == dt.date(2024, 3, 4) and task.start_time == dt.time(9, 30)
    assert task.end_time is None and task.recurring_details.recurring_type == "weekday"
    note = Note(session, key=40)
    assert note.email_info.to[0].email_address == "ada@quill.example"
    assert note.email_info.cc[0].status == "b"


@respx.mock
def test_a_404_body_becomes_not_found_with_the_old_text(typed: Client) -> None:
    body = '{"status": "ERROR", "error": "No such contact."}'
    respx.get(BASE + "contact/9").respond(404, text=body)
    with pytest.raises(NotFound) as info:
        typed.contacts.get(9)
    error = info.value
    assert str(error) == f"HTTP 404 - {body}"
    assert error.message == "No such contact." and error.status == 404
    assert error.data == {"status": "ERROR", "error": "No such contact."}
    assert isinstance(error, core.NotFound) and isinstance(error, SessionError)


@pytest.mark.parametrize(
    ("status", "message", "cls"),
    [
        (400, "A contact needs a first name or a last name.", BadRequest),
        (401, "Invalid API key.", AuthenticationError),
        (403, "You do not have permission to do this.", core.PermissionDenied),
        (500, "Could not parse the request JSON.", ServerError),
        (501, "Operation not supported.", OperationNotSupported),
    ],
)
@respx.mock
def test_error_bodies_map_to_classes(
    typed: Client, status: int, message: str, cls: type[Exception]
) -> None:
    respx.post(BASE + "contact").respond(status, json={"status": "ERROR", "error": message})
    with pytest.raises(cls) as info:
        typed.contacts.create({"first_name": "x"})
    assert isinstance(info.value, SessionError)
    assert info.value.message == message  # type: ignore[attr-defined]


@respx.mock
def test_a_200_without_the_requested_id_is_not_found(typed: Client) -> None:
    respx.get(BASE + "contact/812").respond(json=envelope({**SAMPLE_CONTACT, "id": 999}))
    with pytest.raises(NotFound, match=r"^Not found\.$"):
        typed.contacts.get(812)


@respx.mock
def test_string_and_int_ids_compare_equal() -> None:
    respx.get(BASE + "contact/812").respond(json=envelope({**SAMPLE_CONTACT, "id": "812"}))
    assert Contact(Session(api_key=KEY), key=812).first_name == "Ada"


@respx.mock
def test_a_body_that_is_not_the_envelope_is_malformed(typed: Client) -> None:
    respx.get(BASE + "contact/812").respond(text="<html>gateway</html>")
    with pytest.raises(core.MalformedResponse):
        typed.contacts.get(812)
