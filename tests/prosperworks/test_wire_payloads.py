"""Parsing the vendor file's sample payloads (section 10) into typed models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import respx
from support.prosperworks import API, make_client, sample

from crmkit.prosperworks import (
    Account,
    Activity,
    ActivityType,
    Email,
    Lead,
    Opportunity,
    Person,
    PhoneNumber,
    Pipeline,
    Placeholder,
    Social,
    Task,
    User,
    Webhook,
    Website,
)


def test_person_sample_loads_every_field_with_python_types() -> None:
    p = Person.from_api_data(sample("PERSON_SAMPLE"))
    assert p.id == 1 and p.name == "Jon Lee"
    assert p.emails == [
        Email("support@prosperworks.com", "work"),
        Email("support_1@prosperworks.com", "work"),
    ]
    assert p.phone_numbers[0] == PhoneNumber("408-555-1212", "mobile")
    assert p.socials[1] == Social("https://www.facebook.com/ProsperWorks", "facebook")
    assert p.websites[1] == Website("https://www.prosperworks.com/blog", "other")
    assert p.address["postal_code"] == "94107"
    assert p.date_created == datetime(2015, 1, 1, tzinfo=UTC)
    assert p.date_modified.tzinfo is UTC
    assert [(c.custom_field_definition_id, c.value) for c in p.custom_fields] == [
        (123, "string value"),
        (456, "06/20/2015"),
    ]
    assert p.company_name == "ProsperWorks"


def test_person_sample_dumps_back_to_its_wire_form() -> None:
    wire = sample("PERSON_SAMPLE")
    dumped = Person.from_api_data(wire).to_wire(include_read_only=True)
    for key, value in wire.items():
        assert dumped[key] == value, key


def test_opportunity_sample_has_a_date_a_decimal_and_nulls() -> None:
    o = Opportunity.from_api_data(sample("OPPORTUNITY_SAMPLE"))
    assert o.close_date == date(2018, 11, 10)
    assert o.monetary_value == Decimal("77000")
    assert isinstance(o.monetary_value, Decimal)
    assert o.win_probability is None
    assert o.status == o.stage == "Open"
    assert o.to_wire()["close_date"] == "11/10/2018"


def test_lead_sample_has_one_email_not_a_list() -> None:
    lead = Lead.from_api_data(sample("LEAD_SAMPLE"))
    assert lead.email == Email("address@workemail.com", "work")
    assert (lead.status, lead.status_id, lead.customer_source_id) == ("New", 208231, 331241)
    assert lead.monetary_value == Decimal(100)


def test_task_sample_resolves_its_project_to_a_placeholder() -> None:
    task = Task.from_api_data(sample("TASK_SAMPLE"))
    related = task.related_resource
    assert isinstance(related, Placeholder)
    assert repr(related) == "<Project: 144296 (placeholder)>"
    assert task.due_date == datetime.fromtimestamp(1496799000, UTC)


def test_activity_sample_keeps_its_type_and_parent() -> None:
    activity = Activity.from_api_data(sample("ACTIVITY_SAMPLE"))
    assert (activity.type_ref.id, activity.type_ref.category) == (190711, "user")
    assert (activity.parent_ref.id, activity.parent_ref.type) == (9607580, "company")
    assert activity.to_wire()["type"] == {"id": 190711, "category": "user"}


def test_activity_types_sample_lists_user_then_system() -> None:
    with respx.mock(base_url=API) as mock, make_client() as client:
        mock.get("activity_types").respond(json=sample("ACTIVITY_TYPES_SAMPLE"))
        types = client.activity_types.list()
    assert [(t.category, t.id, t.name) for t in types][:2] == [
        ("user", 0, "Note"),
        ("user", 1, "Phone Call"),
    ]
    assert types[-1] == ActivityType.from_api_data(sample("ACTIVITY_TYPES_SAMPLE")["system"][1])


def test_pipeline_sample_nests_stages() -> None:
    pipeline = Pipeline.from_api_data(sample("PIPELINES_SAMPLE")[0])
    assert pipeline.stages[0].name == "Qualified"
    assert pipeline.stages[0].win_probability == 5


def test_account_user_and_webhook_samples() -> None:
    assert Account.from_api_data(sample("ACCOUNT_SAMPLE")).name == "Dev API Sandbox"
    user = User.from_api_data(sample("USER_SAMPLE"))
    assert str(user) == "Demo User (demo.user@example.org)"
    hook = Webhook.from_api_data(sample("WEBHOOK_SAMPLE"))
    assert hook.created_at == hook.date_created == datetime.fromtimestamp(1489173015, UTC)
    assert str(hook) == "lead.update -> https://your.endpoint.here"


def test_search_reply_and_total_header_become_a_page() -> None:
    rows = [
        {
            **sample("PERSON_SAMPLE"),
            "date_last_contacted": None,
            "leads_converted_from": [],
            "date_lead_created": None,
        }
    ]
    with respx.mock(base_url=API) as mock, make_client() as client:
        mock.post("people/search").respond(json=rows, headers={"X-PW-TOTAL": "1"})
        people = client.people.search(sort_by="name", page_size=25)
        assert [p.name for p in people] == ["Jon Lee"]
        assert len(people) == 1


def test_delete_reply_is_parsed() -> None:
    with respx.mock(base_url=API) as mock, make_client() as client:
        mock.delete("people/26443553").respond(json={"id": 26443553, "is_deleted": True})
        result = client.people.delete(26443553)
    assert (result.id, result.is_deleted) == (26443553, True)


@pytest.mark.parametrize(
    "payload",
    [{"invalid": "data"}, {"id": 1, "name": "No Emails"}, {"id": "x", "name": "A", "emails": []}],
)
def test_records_failing_prospyr_rules_raise_validation_error(payload: dict) -> None:
    from crmkit.prosperworks import ValidationError

    with pytest.raises(ValidationError) as info:
        Person.from_api_data(payload)
    assert info.value.raw_data == payload
    assert info.value.resource_cls is Person
