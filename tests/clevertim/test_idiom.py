"""The old-style resource classes: loading, attributes, typed lists, references, task dates,
custom fields, value objects, identity, visibility and saving (with the fixed old bugs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from support.clevertim import KEY

from crmkit.clevertim import (
    BadRequest,
    Case,
    Comment,
    Company,
    Contact,
    CustomField,
    CustomFieldValue,
    File,
    Folder,
    Group,
    LinkedFile,
    Note,
    NotFound,
    Opportunity,
    PhoneNumber,
    RecurringDetails,
    ServerError,
    Session,
    SocialMediaId,
    Task,
    User,
    ValidationError,
)
from crmkit.clevertim.emulator import ClevertimEmulator
from crmkit.clevertim.errors import ArgumentError, ArgumentTypeError
from crmkit.core.emulator import Faults

# -- loading -----------------------------------------------------------------------------------


def test_eager_loading_fetches_in_the_constructor(session: Session, emu: ClevertimEmulator) -> None:
    Contact(session, key=1234)
    assert len(emu.requests) == 1


def test_lazy_loading_waits_for_the_first_attribute(
    session: Session, emu: ClevertimEmulator
) -> None:
    contact = Contact(session, key=1234, lazy_load=True)
    assert contact.key == 1234 and not emu.requests
    assert contact.first_name == "Joe" and len(emu.requests) == 1


def test_a_failed_lazy_load_stays_unloaded_and_retries(
    emu: ClevertimEmulator, fake_sleep: Any
) -> None:
    session = Session(KEY, transport=emu.transport(), sleep=fake_sleep, max_retries=0)
    contact = Contact(session, key=1234, lazy_load=True)
    emu.faults = Faults(rates={"503": 1.0})
    with pytest.raises(ServerError):
        _ = contact.first_name
    emu.faults = Faults()
    assert contact.first_name == "Joe"


def test_a_wrong_key_raises_in_the_constructor_or_on_first_read(session: Session) -> None:
    with pytest.raises(NotFound, match="HTTP 404"):
        Contact(session, key=4321)
    lazy = Contact(session, key=4321, lazy_load=True)
    with pytest.raises(NotFound):
        _ = lazy.last_name


def test_content_given_is_copied_and_loads_on_first_read(
    session: Session, emu: ClevertimEmulator
) -> None:
    content = {"id": 1234, "fn": "Cached"}
    contact = Contact(session, content=content)
    content["fn"] = "mutated"
    assert contact.key == 1234 and contact.get_content()["fn"] == "Cached"
    assert contact.first_name == "Joe" and len(emu.requests) == 1


# -- scalars -----------------------------------------------------------------------------------


def test_new_objects_do_not_share_defaults(session: Session) -> None:
    first, second = Contact(session), Contact(session)
    _ = first.custom_field_values  # building it must not touch the defaults
    first.get_content()["cf"]["1"] = "x"
    assert second.get_content() == {"is_company": False, "cf": {}}
    assert Contact.DEFAULTS == {"is_company": False, "cf": {}}


def test_reading_a_list_adds_no_key(session: Session) -> None:
    contact = Contact(session)
    assert list(contact.emails) == [] and list(contact.tags) == []
    assert contact.get_content() == {"is_company": False, "cf": {}}
    contact.emails.append("a@b.example")
    assert contact.get_content()["email"] == ["a@b.example"]


def test_scalar_defaults_types_and_deletion(session: Session) -> None:
    contact = Contact(session)
    assert contact.first_name == "" and contact.customer_type is None
    with pytest.raises(ArgumentTypeError) as info:
        contact.first_name = 5  # type: ignore[assignment]
    assert isinstance(info.value, TypeError) and isinstance(info.value, AssertionError)
    contact.first_name = b"Caf\xc3\xa9"  # type: ignore[assignment]
    assert contact.first_name == "Café"
    contact.title = None  # type: ignore[assignment]
    assert contact.get_content()["title"] is None and contact.title is None
    del contact.first_name
    assert "fn" not in contact.get_content()


def test_validators_reject_unknown_codes(session: Session) -> None:
    with pytest.raises(ValidationError):
        Contact(session).customer_type = "Q"
    with pytest.raises(ValidationError):
        Task(session).task_type = "Lunch"
    with pytest.raises(ValidationError):
        Note(session).note_type = "Z"
    task = Task(session)
    task.task_type = Task.TASK_TYPES.FOLLOWUP
    assert task.task_type == "Follow up" and "Follow up" in Task.TASK_TYPES.ALL_VALID_VALUES


def test_read_only_attributes_raise_attribute_error(session: Session) -> None:
    contact = Contact(session, key=1234)
    with pytest.raises(AttributeError):
        contact.last_contacted = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        contact.key = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        User(session, key=1).name = "x"  # type: ignore[misc]


# -- lists -------------------------------------------------------------------------------------


def test_string_lists_behave_like_lists(session: Session) -> None:
    emails = Contact(session).emails
    emails.append("a@x")
    emails.extend(["b@x", "c@x"])
    emails.insert(0, "z@x")
    emails += ["d@x"]
    emails.add("a@x")  # already there
    emails.add("e@x")
    assert emails == ["z@x", "a@x", "b@x", "c@x", "d@x", "e@x"] and len(emails) == 6
    assert emails != ["z@x"] and "b@x" in emails and emails[1:3] == ["a@x", "b@x"]
    emails.remove("z@x")
    assert emails.pop() == "e@x" and emails.pop(0) == "a@x"
    emails[0] = "B@x"
    del emails[1]
    assert list(emails) == ["B@x", "d@x"]
    with pytest.raises(ValueError):
        emails.remove("nope")
    with pytest.raises(IndexError):
        emails[10]
    with pytest.raises(ArgumentTypeError):
        emails.append(5)
    emails.clear()
    assert emails == []


def test_augmented_assignment_on_the_attribute_writes_through(session: Session) -> None:
    contact = Contact(session)
    contact.tags += ["vip"]
    contact.tags = ["a", "b"]
    assert contact.get_content()["tags"] == ["a", "b"]
    with pytest.raises(ArgumentTypeError):
        contact.tags = "vip"  # type: ignore[assignment]


def test_typed_lists_take_only_their_class(session: Session) -> None:
    contact = Contact(session)
    contact.phone_numbers.append(PhoneNumber(phone_number="+1 555", phone_type="Work"))
    contact.social_media_ids.append(SocialMediaId(social_media_id="x", social_media_type="Github"))
    assert contact.get_content()["phones"] == [{"no": "+1 555", "type": "Work"}]
    assert contact.phones == [PhoneNumber(phone_number="+1 555", phone_type="Work")]
    with pytest.raises(ArgumentTypeError):
        contact.phone_numbers.append({"no": "1"})
    with pytest.raises(ValidationError):
        contact.phone_numbers.append(PhoneNumber(phone_type="Home"))  # no number


def test_a_value_object_read_from_a_list_writes_through(session: Session) -> None:
    contact = Contact(session, key=1234)
    contact.phone_numbers[0].phone_type = PhoneNumber.PHONE_TYPES.WORK
    assert contact.get_content()["phones"][0]["type"] == "Work"


def test_value_object_validation_and_equality() -> None:
    with pytest.raises(ValidationError):
        PhoneNumber(phone_number="1", phone_type="Cell")
    with pytest.raises(ValidationError):
        SocialMediaId(social_media_id="x", social_media_type="Myspace")
    assert PhoneNumber(phone_number="1", phone_type="Home") != PhoneNumber(phone_number="1")
    assert RecurringDetails(recurring_type="weekday").serialize() == {"type": "weekday"}


def test_read_only_lists_refuse_mutation(session: Session) -> None:
    contact = Contact(session, key=1234)
    with pytest.raises(AssertionError):
        contact.notes.append(Note(session, key=1))
    with pytest.raises(AttributeError):
        contact.notes = []  # type: ignore[misc]
    with pytest.raises(AssertionError):
        Group(session, key=1).users.clear()


def test_reference_lists_hold_shared_lazy_instances(
    session: Session, emu: ClevertimEmulator
) -> None:
    contact = Contact(session, key=1234)
    notes = list(contact.notes)
    assert [n.key for n in notes] == [1, 2] and len(emu.requests) == 1
    assert notes[0] is session.get(Note, 1) and notes[1].description == "Sent pricing"


def test_file_lists_work_now_that_file_classes_are_registered(
    session: Session, emu: ClevertimEmulator
) -> None:
    file_id = emu.account.insert("file", {"name": "spec.pdf"})
    contact = Contact(session, key=1234)
    contact.files.append(File(session, key=file_id))
    contact.save()
    assert [f.name for f in Contact(session, key=1234).files] == ["spec.pdf"]
    assert list(contact.linked_files) == []


# -- references ----------------------------------------------------------------------------------


def test_single_references(session: Session) -> None:
    contact = Contact(session, key=1234)
    company = contact.company
    assert isinstance(company, Company) and company.name == "Dorian Trading Ltd"
    assert company is session.get(Company, 1233)
    contact.company = None
    assert contact.get_content()["companyId"] is None and contact.company is None
    contact.company = company
    assert contact.get_content()["companyId"] == 1233
    with pytest.raises(ArgumentTypeError):
        contact.company = contact  # a Contact is not a Company
    with pytest.raises(ValidationError):
        contact.company = Company(session)  # not saved yet


def test_who_resolves_contacts_and_companies(session: Session) -> None:
    assert isinstance(Case(session, key=1).who, Company)
    assert isinstance(Opportunity(session, key=1).who, Contact)
    case = Case(session)
    case.who = Contact(session, key=1234)
    assert case.get_content()["cust"] == 1234


def test_comment_links_are_single_references(session: Session) -> None:
    comment = Comment(session, key=1)
    assert isinstance(comment.task, Task) and comment.note is None
    comment.task = None
    comment.note = Note(session, key=1)
    assert comment.get_content()["nid"] == 1


def test_task_and_note_links(session: Session) -> None:
    task = Task(session, key=2)
    assert isinstance(task.case, Case) and task.opportunity is None
    assert task.assigned_to.name == "Alex Kim" and task.created_by.name == "Sam Lee"
    note = Note(session, key=1)
    assert [type(w).__name__ for w in note.who] == ["Contact"]
    note.who.append(Company(session, key=1233))
    assert note.get_content()["cust"] == [1234, 1233]


def test_a_folder_parent_must_be_saved(session: Session) -> None:
    folder = Folder(session)
    with pytest.raises(ValidationError):
        folder.parent = Folder(session)
    folder.name = "Docs"
    folder.save()
    child = Folder(session)
    child.name = "Sub"
    child.parent = folder
    child.save()
    assert folder.key == "f1" and child.parent is session.get(Folder, "f1") and child.is_dir


# -- task dates -----------------------------------------------------------------------------------


def test_task_dates_read_and_merge(session: Session) -> None:
    task = Task(session, key=1)
    assert task.start_date == dt.date(2024, 3, 4) and task.start_time == dt.time(9, 30)
    assert task.end_date == dt.date(2024, 3, 4) and task.end_time is None
    task.start_date = dt.date(2024, 4, 1)
    assert task.get_content()["startDate"] == {"y": 2024, "mo": 4, "d": 1, "h": 9, "mi": 30}
    assert task.start_date == dt.date(2024, 4, 1)  # never stale after a set
    task.end_time = dt.time(17, 45)
    assert task.end_time == dt.time(17, 45)
    task.start_time = None
    assert task.start_time is None and task.start_date == dt.date(2024, 4, 1)
    with pytest.raises(ArgumentTypeError):
        task.start_date = "2024-01-01"  # type: ignore[assignment]


def test_a_new_task_round_trips_through_save(session: Session) -> None:
    task = Task(session)
    task.name = "Meet"
    task.task_type = Task.TASK_TYPES.MEETING
    task.start_date = dt.date(2024, 7, 1)
    task.start_time = dt.time(14, 0)
    task.recurring_option = Task.TASK_RECURRING_OPTIONS.WEEKLY
    task.recurring_every = 2
    task.recurring_details = RecurringDetails(recurring_type="weekday")
    task.who = Contact(session, key=1234)
    task.save()
    again = Task(session, key=task.key)
    again.reload()
    assert (
        again.start_time == dt.time(14, 0) and again.recurring_details.recurring_type == "weekday"
    )
    assert again.recurring_every == 2 and again.who.key == 1234


# -- custom fields --------------------------------------------------------------------------------


def test_custom_field_values_read(session: Session) -> None:
    values = Contact(session, key=1234).custom_field_values
    assert values["2"].custom_field_value == "Silver"
    assert values[1].custom_field_value == "1980-05-17"
    tier = CustomField(session, key=2)
    assert values[tier].custom_field.name == "Tier"
    assert values["3"].custom_field_value.name == "Sam Lee"  # a user reference, resolved
    assert values.get("4") is None and "4" not in values and len(values) == 3
    with pytest.raises(KeyError):
        values["4"]
    assert {v.custom_field.name for v in values} == {"Birthday", "Tier", "Account manager"}


def test_custom_field_values_write_validated(session: Session) -> None:
    contact = Contact(session, key=1234)
    values = contact.custom_field_values
    values["2"] = "Gold"
    values["1"] = "2017-5-2"
    values["4"] = "web"
    values["3"] = User(session, key=3)
    assert contact.get_content()["cf"] == {"1": "2017-05-02", "2": "Gold", "3": "3", "4": "web"}
    values["1"] = dt.date(2020, 1, 31)
    assert contact.get_content()["cf"]["1"] == "2020-01-31"
    with pytest.raises(ValidationError):
        values["2"] = "Platinum"
    with pytest.raises(ValidationError):
        values["1"] = "31/01/2020"
    with pytest.raises(ArgumentTypeError):
        values["3"] = Contact(session, key=1234)
    with pytest.raises(ValidationError):
        values["5"] = [User(session, key=1)]  # a cases-only field
    with pytest.raises(ArgumentTypeError):
        values["2"] = ["Gold"]
    contact.save()
    assert Contact(session, key=1234).custom_field_values["4"].custom_field_value == "web"


def test_multi_valued_custom_fields(session: Session) -> None:
    case = Case(session, key=1)
    watchers = case.custom_field_values["5"].custom_field_value
    assert [u.name for u in watchers] == ["Sam Lee", "Alex Kim"]
    case.custom_field_values["5"] = (User(session, key=1),)
    assert case.get_content()["cf"]["5"] == ["1"]


def test_custom_field_value_objects(session: Session) -> None:
    tier = CustomField(session, key=2)
    value = CustomFieldValue(custom_field=tier, custom_field_value="Bronze")
    assert value.serialize() == {"2": "Bronze"}
    assert CustomFieldValue(content={"2": "Bronze"}, session=session) == value
    with pytest.raises(AttributeError):
        value.custom_field = tier  # type: ignore[misc]


def test_custom_field_definition_validation_order(session: Session) -> None:
    field = CustomField(session)
    for message, change in [
        ("needs a name", lambda f: setattr(f, "name", "Size")),
        ("needs a field_type", lambda f: setattr(f, "field_type", "select")),
        ("allowed_values", lambda f: setattr(f, "allowed_values", ["S", "M"])),
        ("needs a field_scope", lambda f: setattr(f, "field_scope", ["companies"])),
    ]:
        with pytest.raises(ValidationError, match=message):
            field.save()
        change(field)
    field.save()
    assert field.key is not None and field.full_name == "Size"
    with pytest.raises(ValidationError):
        field.field_scope.append("people")


# -- identity, visibility, saving -------------------------------------------------------------


def test_equality_compares_class_family_and_key(session: Session) -> None:
    contact = Contact(session, content={"id": 1, "fn": "A"})
    assert contact == Contact(session, content={"id": 1})
    assert contact != Company(session, content={"id": 1})
    new_a, new_b = Contact(session), Contact(session)
    assert new_a == new_a and new_a != new_b
    assert contact != 1 and contact.__eq__(1) is NotImplemented
    assert len({contact, Contact(session, content={"id": 1})}) == 1


def test_visibility_and_groups(session: Session, emu: ClevertimEmulator) -> None:
    assert Contact(session, key=1234).visibility == Contact.VISIBILITY.EVERYONE
    assert Contact(session, key=1235).visibility == "PRIVATE"
    restricted = Contact(session, key=1236)
    assert restricted.visibility == "GROUPS"
    restricted.get_content()["gid"] = 70
    assert sorted(g.gid for g in restricted.get_groups()) == [2, 4, 64]
    restricted.set_groups([Group(session, key=1), Group(session, key=3)])
    assert restricted.get_content()["gid"] == 2 + 16
    with pytest.raises(ArgumentTypeError):
        restricted.set_groups([User(session, key=1)])
    assert Contact(session, key=1235).private_to.name == "Alex Kim"


def test_delete_keeps_the_data_and_clears_the_key(session: Session, emu: ClevertimEmulator) -> None:
    contact = Contact(session, key=1234)
    contact.delete()
    assert contact.key is None and contact.is_new() and contact.first_name == "Joe"
    assert session.session_cache.get("/contact1234") is None
    contact.save()  # saving again creates a new record
    assert contact.key not in (None, 1234) and emu.requests[-1].method == "POST"


def test_delete_or_reload_of_a_new_object_is_refused_without_a_request(
    session: Session, emu: ClevertimEmulator
) -> None:
    with pytest.raises(AssertionError):
        Contact(session).delete()
    with pytest.raises(ArgumentError):
        Contact(session).reload()
    assert not emu.requests


def test_a_failed_save_keeps_the_unsaved_values(session: Session) -> None:
    contact = Contact(session, key=1234)
    contact.first_name = ""
    contact.last_name = ""
    contact.title = "Unsaved"
    with pytest.raises(BadRequest):
        contact.save()
    assert contact.title == "Unsaved" and contact.key == 1234
    assert session.make_request("/contact", 1234)["title"] == "Buyer"


def test_save_stores_the_merged_content_in_the_cache(session: Session) -> None:
    contact = Contact(session, key=1234)
    contact.title = "Chief buyer"
    contact.save()
    cached = session.session_cache.get("/contact1234")
    assert cached["title"] == "Chief buyer" and cached["lm"] == "2024-06-01T12:00:00Z"


def test_repr_is_the_content(session: Session) -> None:
    contact = Contact(session, content={"fn": "Ada"})
    assert repr(contact) == "{'fn': 'Ada'}"


def test_photo_urls_are_outside_the_api(session: Session, emu: ClevertimEmulator) -> None:
    emu.account.tables["customer"].get(1234)["cphoto"] = "joe.jpg"
    contact = Contact(session, key=1234)
    assert contact.contact_photo == "https://www.clevertim.com/getcphoto/1234/joe.jpg"
    assert Company(session, key=1233).company_logo is None


def test_note_server_fields_do_not_load(session: Session, emu: ClevertimEmulator) -> None:
    note = Note(session, key=2, lazy_load=True)
    assert note.headline is None and note.email_info is None and not emu.requests
    assert note.description == "Sent pricing" and note.headline == "Pricing"
    assert note.sms_delivery_info == Note.NOTE_DELIVERY_TYPES.NO_EXTERNAL_DELIVERY


def test_users_groups_and_linked_files(session: Session, emu: ClevertimEmulator) -> None:
    owner = User(session, key=1)
    assert owner.is_owner and owner.is_admin and "candelete" in owner.permissions
    assert User(session, key=4).registration_pending is True
    assert [u.name for u in Group(session, key=1).users] == ["Sam Lee", "Alex Kim"]
    emu.account.insert("linkedfile", {"name": "a", "sys": "G", "size": 5, "link": "u", "icon": "i"})
    linked = LinkedFile(session, key=1)
    assert (linked.storage_system, linked.size, linked.file_url) == ("G", 5, "u")
    assert linked.storage_system == LinkedFile.LINKED_SYSTEM.GOOGLEDRIVE
    linked.name = "b"
    linked.save()
    assert LinkedFile(session, key=1).name == "b"


def test_opportunity_value_stays_a_string(session: Session) -> None:
    deal = Opportunity(session, key=1)
    assert deal.value == "2500" and deal.currency == "GBP" and deal.created_by.key == 1
    deal.value = "2600.50"
    deal.save()
    assert Opportunity(session, key=1).value == "2600.50"
