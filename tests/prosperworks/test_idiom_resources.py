"""prospyr's managers, result sets, related objects and errors, against the emulator."""

from __future__ import annotations

import pytest
from support.prosperworks import EMAIL, TOKEN, make_emulator

from crmkit.prosperworks import (
    Account,
    Activity,
    ActivityType,
    ApiError,
    Company,
    CustomerSource,
    Lead,
    ListSet,
    LossReason,
    NotFound,
    Opportunity,
    Person,
    Pipeline,
    PipelineStage,
    Placeholder,
    ProspyrException,
    ResultSet,
    Task,
    User,
    ValidationError,
    Webhook,
    connect,
)
from crmkit.prosperworks.emulator import ProsperWorksEmulator

pytestmark = pytest.mark.usefixtures("connected")


def _searches(emu: ProsperWorksEmulator, entity: str = "people") -> int:
    return len(emu.requests_to("POST", f"/{entity}/search"))


# -- managers ---------------------------------------------------------------------------------


def test_get_by_id_by_email_and_neither() -> None:
    assert Person.objects.get(id=1).name == "Steve Cognito"
    assert Person.objects.get(email="steve@example.org").id == 1
    with pytest.raises(ProspyrException, match="id or email is required"):
        Person.objects.get()


def test_get_of_a_missing_record_is_api_error_404() -> None:
    with pytest.raises(ApiError) as info:
        Company.objects.get(id=99_999)
    assert isinstance(info.value, NotFound) and info.value.args[0] == 404


def test_use_returns_a_bound_copy_and_leaves_the_shared_manager_alone(
    connected: ProsperWorksEmulator,
) -> None:
    other = make_emulator("empty")
    connect(
        "x@y.example", "other-token-99", name="other", transport=other.transport(), rate_limit=None
    )
    bound = Person.objects.use("other")
    assert bound.using == "other" and Person.objects.using == "default"
    with pytest.raises(NotFound):
        bound.get(id=1)
    assert Person.objects.get(id=1).name == "Steve Cognito"


def test_manager_get_using_keyword() -> None:
    connect(
        EMAIL, TOKEN, name="again", transport=make_emulator("demo").transport(), rate_limit=None
    )
    assert Person.objects.get(id=1, using="again")._using == "again"


def test_list_only_get_looks_up_the_list_and_raises_key_error() -> None:
    assert LossReason.objects.get(id=2).name == "Timing"
    assert User.objects.get(id=1).email == "demo@example.org"
    with pytest.raises(KeyError, match="Record with id `77` does not exist"):
        CustomerSource.objects.get(id=77)


def test_list_only_get_re_lists_once_when_the_cached_list_misses(
    connected: ProsperWorksEmulator,
) -> None:
    User.objects.get(id=1)
    connected.users.insert({"id": 9, "name": "New Hire", "email": "new@x.example"}, 9)
    assert User.objects.get(id=9).name == "New Hire"
    assert len(connected.requests_to("GET", "/users")) == 2
    User.objects.get(id=9)  # the refreshed list is cached again...
    User.objects.get(id=9)  # ...so this one sends nothing
    assert len(connected.requests_to("GET", "/users")) == 3


def test_list_sets_cannot_be_filtered_or_ordered() -> None:
    stages = PipelineStage.objects.all()
    assert isinstance(stages, ListSet) and stages.all() is stages
    with pytest.raises(NotImplementedError, match="does not support filtering"):
        PipelineStage.objects.filter(name="x")
    with pytest.raises(NotImplementedError, match="does not support ordering"):
        stages.order_by("name")


def test_pipeline_stage_list_set_repr_matches_the_seed() -> None:
    assert repr(PipelineStage.objects.all()) == (
        "<ListSet: Qualifying, Quoted, Negotiating, Committed, Contract Sent, ...>"
    )


def test_account_is_a_singleton() -> None:
    account = Account.objects.get()
    assert account.name == "So-and-so Company"
    fresh = Account()
    assert fresh.read() is True and fresh.name == "So-and-so Company"


def test_secondary_read_is_answered_from_the_list() -> None:
    reason = LossReason(id=3)
    assert reason.read() is True and reason.name == "Competitor"


def test_user_and_webhook_read() -> None:
    user = User(id=1)
    assert user.read() is True and user.name == "Demo User"
    hook = Webhook(target="https://hooks.example/x", type="lead", event="new")
    assert hook.create() is True
    copy = Webhook(id=hook.id)
    assert copy.read() is True and copy.target == "https://hooks.example/x"
    assert copy.delete() is True


def test_read_only_resources_refuse_writes() -> None:
    with pytest.raises(NotImplementedError):
        LossReason(name="x").create()
    with pytest.raises(NotImplementedError):
        Account(id=1, name="x").update()


# -- result sets ---------------------------------------------------------------------------------


def test_result_sets_are_lazy_and_immutable(connected: ProsperWorksEmulator) -> None:
    base = Person.objects.all()
    narrowed = base.filter(name="Steve")
    ordered = narrowed.order_by("-date_modified")
    assert _searches(connected) == 0
    assert base is not narrowed is not ordered
    assert [p.name for p in ordered] == ["Steve Cognito"]
    assert _searches(connected) == 1


def test_one_filter_call_equals_chained_calls(connected: ProsperWorksEmulator) -> None:
    chained = [
        c.id for c in Company.objects.filter(minimum_interaction_count=10).filter(country="CN")
    ]
    single = [c.id for c in Company.objects.filter(minimum_interaction_count=10, country="CN")]
    assert chained == single and chained
    bodies = [r.json() for r in connected.requests_to("POST", "/companies/search")]
    assert bodies[0] == bodies[1]


def test_later_filter_values_win() -> None:
    rs = Person.objects.filter(name="Bones").filter(name="Steve")
    assert [p.name for p in rs] == ["Steve Cognito"]


def test_order_by_refuses_unknown_fields_before_any_request(
    connected: ProsperWorksEmulator,
) -> None:
    with pytest.raises(ValueError, match=r"Cannot sort by `shoe_size`; try one of .*date_modified"):
        Person.objects.order_by("-shoe_size")
    with pytest.raises(ValueError, match="Cannot sort by `activity_date`"):
        Activity.objects.order_by("activity_date")
    assert list(connected.requests) == []


def test_filter_refuses_paging_keys() -> None:
    with pytest.raises(TypeError):
        Person.objects.filter(page_size=10)
    with pytest.raises(TypeError):
        Person.objects.all().filter(page_number=2)


def test_rows_are_memoised_per_set(connected: ProsperWorksEmulator) -> None:
    rs = Person.objects.order_by("-date_modified")
    first = list(rs)
    again = list(rs)
    assert [p.id for p in first] == [p.id for p in again]
    assert _searches(connected) == 2  # two pages, once


def test_slices_are_lists_clipped_at_the_end() -> None:
    rs = Person.objects.order_by("-date_modified")
    assert [p.name for p in rs[0:2]] == ["Steve Cognito", "Bones Johannson"]
    assert len(rs[240:400]) == 10
    assert rs[300:310] == []
    assert [p.id for p in rs[0:6:2]] == [p.id for p in rs[0:6]][::2]


def test_negative_and_out_of_range_indexes_raise_index_error() -> None:
    rs = Person.objects.all()
    with pytest.raises(IndexError):
        rs[-1]
    with pytest.raises(IndexError):
        rs[-3:]
    with pytest.raises(IndexError):
        rs[250]


def test_result_sets_have_no_len() -> None:
    with pytest.raises(TypeError):
        len(Person.objects.all())  # type: ignore[arg-type]


def test_result_set_repr_shows_five_then_ellipsis() -> None:
    text = repr(Person.objects.order_by("-date_modified"))
    assert text.startswith("<ResultSet: Steve Cognito, Bones Johannson, ")
    assert text.endswith(", ...>") and text.count(",") == 5


def test_a_short_set_repr_has_no_ellipsis() -> None:
    assert repr(Person.objects.filter(name="Steve")) == "<ResultSet: Steve Cognito>"


def test_connection_page_size_is_used(connected: ProsperWorksEmulator) -> None:
    connect(
        EMAIL, TOKEN, name="small", page_size=100, transport=connected.transport(), rate_limit=None
    )
    assert len(list(Person.objects.use("small").all())) == 250
    assert connected.requests_to("POST", "/people/search")[-1].json()["page_size"] == 100


def test_a_result_set_can_set_its_own_page_size() -> None:
    rs = ResultSet(Person, page_size=10)
    assert rs[15].id is not None and rs.page_size == 10
    with pytest.raises(ValueError):
        ResultSet(Person, page_size=500)


# -- store_invalid ---------------------------------------------------------------------------------


def test_store_invalid_collects_bad_rows_and_skips_them() -> None:
    emu = make_emulator("demo", malformed_row="people")
    connect(EMAIL, TOKEN, name="bad", transport=emu.transport(), rate_limit=None)
    with pytest.raises(ValidationError):
        list(Person.objects.use("bad").all())
    errs: list[ValidationError] = []
    people = list(Person.objects.use("bad").store_invalid(errs).all())
    assert len(people) == 250 and len(errs) == 1
    err = errs[0]
    assert err.raw_data["id"] == "not-an-integer" and err.resource_cls is Person
    assert err.errors


def test_store_invalid_on_an_existing_set_mutates_and_returns_it() -> None:
    rs = Person.objects.all()
    errs: list[object] = []
    assert rs.store_invalid(errs) is rs


def test_store_invalid_needs_an_append() -> None:
    with pytest.raises(AssertionError):
        Person.objects.store_invalid(object())


def test_invalid_rows_do_not_shift_indexes_within_the_set() -> None:
    emu = make_emulator("demo", malformed_row="people")
    connect(EMAIL, TOKEN, name="bad2", transport=emu.transport(), rate_limit=None, page_size=50)
    errs: list[ValidationError] = []
    rs = Person.objects.use("bad2").store_invalid(errs).order_by("-date_modified")
    names = [p.name for p in rs]
    assert rs[200].name == names[200] and len(names) == 250


# -- CRUD through resources -------------------------------------------------------------------


def test_create_update_delete_round_trip(connected: ProsperWorksEmulator) -> None:
    art = Person(
        name="Art Vandelay", emails=[{"email": "art@vandelayindustries.net", "category": "work"}]
    )
    assert art.create() is True and art.id == 251
    assert art.first_name == "Art" and art.date_created is not None
    art.title = "Importer"
    assert art.update() is True
    assert Person.objects.get(id=251).title == "Importer"
    assert art.delete() is True
    with pytest.raises(NotFound):
        Person.objects.get(id=251)


def test_a_422_on_create_is_a_value_error_with_the_message() -> None:
    with pytest.raises(ValueError, match=r"^Name can't be blank$"):
        Person(title="No name").create()
    with pytest.raises(ValueError, match="already in use"):
        Person(name="Dup", emails=[{"email": "steve@example.org", "category": "work"}]).create()


def test_update_refreshes_from_the_reply() -> None:
    steve = Person.objects.get(id=1)
    before = steve.date_modified
    steve.title = "Chairman"
    steve.update()
    assert steve.date_modified is not None and steve.date_modified >= before
    assert steve.changes() == {}


def test_update_can_clear_a_field() -> None:
    steve = Person.objects.get(id=1)
    steve.title = None
    steve.update()
    assert Person.objects.get(id=1).title is None


# -- related objects and identifiers ---------------------------------------------------------------


def test_related_attributes_fetch_and_assign(connected: ProsperWorksEmulator) -> None:
    steve = Person.objects.get(id=1)
    company = steve.company
    assert isinstance(company, Company) and company.id == steve.company_id
    assert steve.assignee.email.endswith(".example")
    other = Company.objects.all()[1]
    steve.company = other
    steve.update()
    assert Person.objects.get(id=1).company_name == other.name


def test_opportunity_related_attributes() -> None:
    deal = Opportunity.objects.all()[0]
    assert isinstance(deal.pipeline, Pipeline) and deal.pipeline.id == deal.pipeline_id
    assert isinstance(deal.pipeline_stage, PipelineStage)
    assert deal.pipeline_stage.pipeline.name == "Sales"
    assert isinstance(deal.primary_contact, Person)
    assert isinstance(deal.customer_source, CustomerSource)
    assert [s.name for s in deal.pipeline.stages][:2] == ["Qualifying", "Quoted"]


def test_related_lookups_are_cached(connected: ProsperWorksEmulator) -> None:
    deal = Opportunity.objects.all()[0]
    deal.primary_contact  # noqa: B018
    deal.primary_contact  # noqa: B018
    path = f"/people/{deal.primary_contact_id}"
    assert len(connected.requests_to("GET", path)) == 1


def test_identifiers_resolve_lazily_on_first_access(connected: ProsperWorksEmulator) -> None:
    tasks = list(Task.objects.all())
    assert not connected.requests_to("GET", "/people/") and not connected.requests_to(
        "GET", "/opportunities/"
    )
    task = next(t for t in tasks if t.related_resource_ref.type == "person")
    assert isinstance(task.related_resource, Person)
    assert task.related_resource.id == task.related_resource_ref.id


def test_an_identifier_to_a_deleted_record_resolves_to_none() -> None:
    task = next(t for t in Task.objects.all() if t.related_resource_ref.type == "person")
    Person(id=task.related_resource_ref.id).delete()
    assert task.related_resource is None


def test_placeholders_resolve_to_the_full_record() -> None:
    placeholder = Placeholder.of("lead")(1)
    lead = placeholder.resolve()
    assert isinstance(lead, Lead) and lead.id == 1


def test_activity_type_is_matched_by_category_and_id() -> None:
    activity = Activity.objects.all()[0]
    assert activity.type.category == "user" and activity.type.name in (
        "Note",
        "Phone Call",
        "Meeting",
    )
    system = Activity(type={"id": 1, "category": "system"})
    assert system.type.name == "Property Changed"  # not "Phone Call" (user 1)
    unknown = Activity(type={"id": 4242, "category": "user"})
    assert unknown.type.name is None and unknown.type.id == 4242


def test_activity_str_names_its_type_and_date() -> None:
    activity = Activity.objects.all()[0]
    assert str(activity).startswith(f"{activity.type.name} on ")


def test_activity_type_manager_prefers_user_types() -> None:
    assert ActivityType.objects.get(id=1).name == "Phone Call"
    assert ActivityType.objects.get(id=1, category="system").name == "Property Changed"
    assert [t.category for t in ActivityType.objects.all()][-1] == "system"


def test_leads_answer_permission_denied_when_disabled() -> None:
    emu = make_emulator(leads_enabled=False)
    connect(EMAIL, TOKEN, name="noleads", transport=emu.transport(), rate_limit=None)
    with pytest.raises(ApiError) as info:
        list(Lead.objects.use("noleads").all())
    assert info.value.status_code == 403


def test_records_keep_working_after_their_connection_is_replaced(
    connected: ProsperWorksEmulator,
) -> None:
    from crmkit.prosperworks.cache import NoOpCache

    steve = Person.objects.get(id=1)
    connect(EMAIL, TOKEN, cache=NoOpCache(), transport=connected.transport(), rate_limit=None)
    steve.title = "Chairman"
    assert steve.update() is True
    assert steve.company is not None
