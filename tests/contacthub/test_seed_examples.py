"""Every code example of the seed document (contacthub-sdk-python's docs), each its own test.

Each runs exactly as printed with only the import line changed (``contacthub`` ->
``crmkit.contacthub``), against the emulator served on loopback and reached through
``CRMKIT_CONTACTHUB_BASE_URL``. Set-up (customers with the ids the examples name) is planted in
the emulator first; the assertions check what the example promises.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.contacthub import make_emulator, plant

from crmkit.contacthub import Workspace
from crmkit.contacthub.emulator import ContactHubEmulator


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[ContactHubEmulator]:
    emulator = make_emulator()
    with emulator.serve(port=0) as server:
        monkeypatch.setenv("CRMKIT_CONTACTHUB_BASE_URL", server.base_url)
        yield emulator


@pytest.fixture
def node(emu: ContactHubEmulator) -> Any:
    workspace = Workspace(workspace_id="workspace_id", token="token")
    yield workspace.get_node(node_id="node_id")
    workspace.close()


def stored(emu: ContactHubEmulator) -> list[dict[str, Any]]:
    return list(emu.workspaces["workspace_id"].customers.values())


def bruce(emu: ContactHubEmulator, cid: str = "id", **extra: Any) -> dict[str, Any]:
    base = {
        "firstName": "Bruce",
        "lastName": "Wayne",
        "contacts": {"email": "b@wayne.com"},
        "dob": "1990-01-01",
    }
    return plant(emu, cid, base=base, tags={"manual": ["manual_tag"], "auto": ["a"]}, **extra)


def printed(fn: Any) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn()
    return out.getvalue()


# -- getting started --------------------------------------------------------------------------


def test_getting_started_lists_customers(emu: ContactHubEmulator) -> None:
    bruce(emu)

    def example() -> None:
        from crmkit.contacthub import Workspace

        workspace = Workspace(workspace_id="workspace_id", token="token")
        node = workspace.get_node(node_id="node_id")
        customers = node.get_customers()
        for customer in customers:
            print(customer.base.firstName)

    assert printed(example) == "Bruce\n"


def test_getting_a_single_customer(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)

    def example() -> None:
        my_customer = node.get_customer(id="id")
        print("Welcome back %s" % my_customer.base.firstName)  # noqa: UP031

    assert printed(example) == "Welcome back Bruce\n"


def test_first_query_with_second_name_matches_nothing(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    from crmkit.contacthub.models import Customer

    fetched_customers = (
        node.query(Customer)
        .filter((Customer.base.firstName == "Bruce") & (Customer.base.secondName == "Wayne"))
        .all()
    )
    assert len(fetched_customers) == 0


def test_add_customer_from_a_struct(node: Any, emu: ContactHubEmulator) -> None:
    c = node
    customer_struct = {
        "base": {"contacts": {"email": "myemail@email.com"}},
        "extra": "extra",
        "extended": {"my_string": "my new extended property string"},
    }
    my_customer = c.add_customer(**customer_struct)
    assert my_customer.id and my_customer.extended.my_string == "my new extended property string"
    assert stored(emu)[0]["base"]["contacts"]["email"] == "myemail@email.com"


def _getting_started_customer(node: Any) -> Any:
    from crmkit.contacthub.models import Customer

    my_customer = Customer(node=node)
    my_customer.base.contacts.email = "myemail@email.com"
    my_customer.extra = "extra"
    my_customer.extended.my_string = "my new extended property string"
    return my_customer


def test_add_customer_from_a_customer_object(node: Any, emu: ContactHubEmulator) -> None:
    my_customer = _getting_started_customer(node)
    my_customer = node.add_customer(**my_customer.to_dict())
    assert my_customer.base.contacts.email == "myemail@email.com"
    request = emu.requests_to("POST")[0].json()
    assert request["consents"] == {} and request["nodeId"] == "node_id"


def test_post_a_customer_object(node: Any, emu: ContactHubEmulator) -> None:
    my_customer = _getting_started_customer(node)
    my_customer.post()
    assert stored(emu)[0]["extra"] == "extra"
    assert my_customer.id == stored(emu)[0]["id"]


def test_events_of_a_customer(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    node.add_event(type="loggedIn", context="WEB", properties={}, customerId="id")
    my_customer = node.get_customer(id="id")
    events = my_customer.get_events()
    assert [e.type for e in events] == ["loggedIn"]


# -- authentication -----------------------------------------------------------------------------


def test_workspace_with_explicit_base_url(emu: ContactHubEmulator) -> None:
    import os

    base_url = os.environ["CRMKIT_CONTACTHUB_BASE_URL"]
    from crmkit.contacthub import Workspace

    my_workspace = Workspace(workspace_id="workspace_id", token="token", base_url=base_url)
    node = my_workspace.get_node(node_id="node_id")
    assert node.get_customers().total_elements == 0
    assert my_workspace.base_url == base_url


def test_workspace_from_ini_file(
    emu: ContactHubEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.chdir(tmp_path)
    Path("file.INI").write_text(
        f"workspace_id = workspace_id\ntoken = token\nbase_url = "
        f"{os.environ['CRMKIT_CONTACTHUB_BASE_URL']}\n"
    )
    from crmkit.contacthub import Workspace

    my_workspace = Workspace.from_INI_file("file.INI")
    assert (my_workspace.workspace_id, my_workspace.token) == ("workspace_id", "token")
    assert my_workspace.get_node(node_id="node_id").get_customers().total_elements == 0


# -- creating customers -------------------------------------------------------------------------

CUSTOMER_STRUCTURE = {
    "externalId": "01",
    "extra": "extra",
    "base": {
        "timezone": "Europe/Rome",
        "firstName": "Bruce",
        "lastName": "Wayne",
        "contacts": {"email": "email@email.com"},
    },
}


def test_add_customer_with_a_structure(node: Any, emu: ContactHubEmulator) -> None:
    customer_structure = dict(CUSTOMER_STRUCTURE)
    my_customer = node.add_customer(**customer_structure)
    assert my_customer.externalId == "01" and my_customer.base.timezone == "Europe/Rome"


def test_customer_object_with_consents(node: Any, emu: ContactHubEmulator) -> None:
    from crmkit.contacthub.models import Customer

    post_customer = Customer(node=node)
    post_customer.base.firstName = "Bruce"
    post_customer.base.lastName = "Wayne"
    post_customer.base.contacts.email = "email@example.com"
    post_customer.extra = "extra"
    post_customer.extended.my_string = "my new extended property string"
    post_customer.consents = {
        "marketing": {
            "automatic": {"email": {"status": True, "limitation": False, "objection": False}}
        }
    }
    new_customer = node.add_customer(**post_customer.to_dict())
    assert new_customer.consents.marketing.automatic.email.status is True


def test_default_structure_of_a_new_customer(node: Any) -> None:
    from crmkit.contacthub.models import Customer

    assert Customer(node=node).to_dict() == {
        "base": {"contacts": {}},
        "extended": {},
        "consents": {},
        "tags": {"manual": [], "auto": []},
    }
    c = Customer(node=node, default_attributes={"base": {}})
    c.base.firstName = "Bruce"
    assert c.to_dict() == {"base": {"firstName": "Bruce"}}


def test_properties_class(node: Any, emu: ContactHubEmulator) -> None:
    from crmkit.contacthub.models import Customer, Properties

    my_customer = Customer(node=node)
    my_customer.base.contacts = Properties(
        email="bruce.wayne@darkknight.it",
        fax="fax",
        otherContacts=[Properties(value="123", name="phone", type="MOBILE")],
    )
    my_customer.base.address = Properties(
        city="city", province="province", geo=Properties(lat=40, lon=100)
    )
    my_customer.post()
    saved = stored(emu)[0]["base"]
    assert saved["contacts"]["otherContacts"] == [
        {"name": "phone", "type": "MOBILE", "value": "123"}
    ]
    assert saved["address"]["geo"] == {"lat": 40, "lon": 100}


def test_extended_properties(node: Any, emu: ContactHubEmulator) -> None:
    from crmkit.contacthub.models import Customer, Properties

    my_customer = Customer(node=node)
    my_customer.extended.my_extended_int = 1
    my_customer.extended.my_extended_string = "string"
    my_customer.extended.my_extended_object = Properties(key="value", k="v")
    my_customer.post()
    assert stored(emu)[0]["extended"] == {
        "my_extended_int": 1,
        "my_extended_string": "string",
        "my_extended_object": {"key": "value", "k": "v"},
    }


def test_force_update_with_add_customer(node: Any, emu: ContactHubEmulator) -> None:
    existing = node.add_customer(base={"contacts": {"email": "email@email.com"}})
    customer_structure = dict(CUSTOMER_STRUCTURE)
    my_customer = node.add_customer(**customer_structure, forceUpdate=True)
    assert my_customer.id == existing.id and my_customer.base.firstName == "Bruce"
    assert len(stored(emu)) == 1


def test_force_update_with_post(node: Any, emu: ContactHubEmulator) -> None:
    from crmkit.contacthub.models import Customer

    existing = node.add_customer(base={"contacts": {"email": "email@email.com"}})
    my_customer = Customer(node=node, **CUSTOMER_STRUCTURE)
    my_customer.post(forceUpdate=True)
    assert my_customer.id == existing.id and my_customer.externalId == "01"


# -- reading customers --------------------------------------------------------------------------


def test_get_all_customers_email_and_manual_tags(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)

    def example() -> None:
        customers = node.get_customers()
        my_customer = customers[0]
        print(my_customer.base.contacts.email)
        for tag in my_customer.tags.manual:
            print(tag)

    assert printed(example) == "b@wayne.com\nmanual_tag\n"


def test_paging_the_customers(node: Any, emu: ContactHubEmulator) -> None:
    for i in range(50):
        plant(emu, f"c{i:02d}", base={"firstName": f"n{i}"})
    customers = node.get_customers(size=5, page=2)
    assert [c.id for c in customers] == [f"c{i:02d}" for i in range(10, 15)]
    customers.next_page()
    assert customers.page_number == 3 and customers[0].id == "c15"
    customer = customers
    customer.previous_page()
    assert customers.page_number == 2
    assert (
        customers.size,
        customers.total_elements,
        customers.total_pages,
        customers.total_unfiltered_elements,
    ) == (5, 50, 10, 50)
    sent = [r.query for r in emu.requests_to("GET")]
    assert [q.get("page") for q in sent] == ["2", "3", "2"]


def test_customers_by_external_id(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "x", externalId="01")
    customers = node.get_customers(external_id="01")
    assert [c.id for c in customers] == ["x"]


def test_specific_fields(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    result = node.get_customers(fields=["base.firstName", "base.lastName"])
    assert result[0].base.firstName == "Bruce" and result[0].base.contacts.email is None
    assert emu.requests_to("GET")[0].query["fields"] == "base.firstName,base.lastName"


def test_single_customer_by_id_and_external_id(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "01", base={"firstName": "One"})
    plant(emu, "x2", externalId="02", base={"firstName": "Two"})
    my_customer = node.get_customer(id="01")
    assert my_customer.base.firstName == "One"
    my_customer = node.get_customer(external_id="02")
    assert my_customer.base.firstName == "Two"


# -- queries --------------------------------------------------------------------------------------


@pytest.fixture
def people(emu: ContactHubEmulator) -> None:
    plant(
        emu,
        "bruce",
        base={"firstName": "Bruce", "lastName": "Wayne", "dob": "1980-02-19"},
        tags={"manual": ["manual_tag"]},
    )
    plant(emu, "batman", base={"firstName": "Batman", "lastName": "Wayne", "dob": "1995-01-01"})
    plant(emu, "alfred", base={"firstName": None, "lastName": "Pennyworth", "dob": "1940-01-01"})


def _ids(result: Any) -> set[str]:
    return {c.id for c in result}


def test_simple_query_filters_and_all(node: Any, people: None) -> None:
    from crmkit.contacthub.models import Customer

    new_query = node.query(Customer)
    new_query = new_query.filter(
        (Customer.base.firstName == "Bruce") & (Customer.base.lastName == "Wayne")
    )
    new_query = new_query.filter(Customer.base.dob <= datetime(1994, 6, 10))
    filtered_customers = new_query.all()
    assert _ids(filtered_customers) == {"bruce"}


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda C: C.base.firstName == "Bruce", {"bruce"}),
        (lambda C: C.base.firstName != "Bruce", {"batman", "alfred"}),
        (lambda C: C.base.dob > datetime(1994, 6, 10), {"batman"}),
        (lambda C: C.base.dob >= datetime(1994, 6, 10), {"batman"}),
        (lambda C: C.registeredAt < datetime(2010, 6, 10), set()),
        (lambda C: C.registeredAt <= datetime(2010, 6, 10), set()),
        (lambda C: C.base.firstName == None, {"alfred"}),  # noqa: E711
        (lambda C: C.base.firstName != None, {"bruce", "batman"}),  # noqa: E711
    ],
    ids=["equal", "not-equal", "gt", "gte", "lt", "lte", "is-null", "is-not-null"],
)
def test_query_operators(node: Any, people: None, build: Any, expected: set[str]) -> None:
    from crmkit.contacthub.models import Customer

    new_query = node.query(Customer).filter(build(Customer))
    assert _ids(new_query.all()) == expected


def test_in_and_not_in(node: Any, people: None) -> None:
    from crmkit.contacthub.models import Customer
    from crmkit.contacthub.models.query import in_

    new_query = node.query(Customer).filter(in_("manual_tag", Customer.tags.manual))
    assert _ids(new_query.all()) == {"bruce"}
    from crmkit.contacthub.models.query import not_in_

    new_query = node.query(Customer).filter(not_in_("manual_tag", Customer.tags.manual))
    assert _ids(new_query.all()) == {"batman", "alfred"}


def test_between(node: Any, people: None) -> None:
    from crmkit.contacthub.models import Customer
    from crmkit.contacthub.models.query import between_

    new_query = node.query(Customer).filter(
        between_(Customer.base.dob, datetime(1950, 1, 1), datetime(1994, 1, 1))
    )
    assert _ids(new_query.all()) == {"bruce"}


def test_and_or_criteria(node: Any, people: None) -> None:
    from crmkit.contacthub.models import Customer

    customers = (
        node.query(Customer)
        .filter((Customer.base.firstName == "Bruce") & (Customer.base.lastName == "Wayne"))
        .all()
    )
    assert _ids(customers) == {"bruce"}
    customers = (
        node.query(Customer)
        .filter((Customer.base.firstName == "Bruce") | (Customer.base.firstName == "Batman"))
        .all()
    )
    assert _ids(customers) == {"bruce", "batman"}


def test_combined_queries(node: Any, people: None) -> None:
    from crmkit.contacthub.models import Customer

    q1 = node.query(Customer).filter(Customer.base.firstName == "Bruce")
    q2 = node.query(Customer).filter(Customer.base.lastName == "Wayne")
    and_query = q1 & q2
    or_query = q1 | q2
    filtered_customers = and_query.all()
    assert _ids(filtered_customers) == {"bruce"}
    assert _ids(or_query.all()) == {"bruce", "batman"}


# -- updating and deleting customers ----------------------------------------------------------


def test_full_update_with_update_customer(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    my_customer = node.get_customer(id="id")
    my_customer.base.contacts.email = "anotheremail@example.com"
    updated_customer = node.update_customer(**my_customer.to_dict(), full_update=True)
    assert updated_customer.base.contacts.email == "anotheremail@example.com"
    assert emu.requests_to("PUT")[0].json()["id"] == "id"


def test_full_update_with_put(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu, "customer_id")
    my_customer = node.get_customer(id="customer_id")
    my_customer.base.contacts.email = "anotheremail@example.com"
    my_customer.put()
    body = emu.requests_to("PUT")[0].json()
    assert "registeredAt" not in body and body["base"]["timezone"] == "Europe/Rome"
    assert stored(emu)[0]["base"]["contacts"]["email"] == "anotheremail@example.com"


def test_adding_to_a_list_attribute_with_plus_equals(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    from crmkit.contacthub import Customer as Cutomer
    from crmkit.contacthub.models import Properties

    customer = node.get_customer(id="id")
    customer.base.subscriptions += [
        Properties(id="id", name="name", type="type", kind=Cutomer.SUBSCRPTION_KINDS.SERVICE)
    ]
    assert customer.get_mutation_tracker() == {
        "base": {"subscriptions": [{"id": "id", "name": "name", "type": "type", "kind": "SERVICE"}]}
    }
    customer.patch()
    assert stored(emu)[0]["base"]["subscriptions"][0]["kind"] == "SERVICE"


def test_update_customer_with_the_tracker_needs_an_id(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu, "customer_id")
    my_customer = node.get_customer(id="customer_id")
    my_customer.base.contacts.email = "anotheremail@example.com"
    # The document's own example omits id=, which fails in the old SDK too.
    with pytest.raises(TypeError):
        node.update_customer(**my_customer.get_mutation_tracker())
    updated = node.update_customer(id="customer_id", **my_customer.get_mutation_tracker())
    assert updated.base.contacts.email == "anotheremail@example.com"


def test_update_customer_with_mutations(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu, "customer_id")
    mutations = {"base": {"contacts": {"email": "anotheremail@example.com"}}}
    updated_customer = node.update_customer(id="customer_id", **mutations)
    assert updated_customer.base.contacts.email == "anotheremail@example.com"
    assert updated_customer.base.firstName == "Bruce"
    assert emu.requests_to("PATCH")[0].json() == mutations


def test_patch(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    my_customer = node.get_customer(id="id")
    my_customer.base.contacts.email = "anotheremail@example.com"
    my_customer.patch()
    assert emu.requests_to("PATCH")[0].json() == {
        "base": {"contacts": {"email": "anotheremail@example.com"}}
    }


def test_delete_customer_by_id(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu, "customer_id")
    node.delete_customer(id="customer_id")
    assert stored(emu) == []


def test_delete_customer_by_dict(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    my_customer = node.get_customer(id="id")
    node.delete_customer(**my_customer.to_dict())
    assert stored(emu) == []


def test_delete_customer_object(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    my_customer = node.get_customer(id="id")
    my_customer.delete()
    assert stored(emu) == []


# -- tags -----------------------------------------------------------------------------------------


def test_reading_tags(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    my_customer = node.get_customer(id="id")

    def example() -> None:
        for auto in my_customer.tags.auto:
            print(auto)
        for manual in my_customer.tags.manual:
            print(manual)

    assert printed(example) == "a\nmanual_tag\n"


def test_tag_examples_without_customer_id_fail_as_before(node: Any) -> None:
    with pytest.raises(TypeError):
        node.add_tag("manual_tag")

    def remove_example() -> None:
        try:
            node.remove_tag("manual_tag")
        except ValueError:
            pass

    with pytest.raises(TypeError):
        remove_example()


def test_add_and_remove_tag_with_customer_id(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    node.add_tag("id", "new_tag")
    assert stored(emu)[0]["tags"]["manual"] == ["manual_tag", "new_tag"]
    with pytest.raises(ValueError, match="Tag not in Customer's Tags"):
        node.remove_tag("id", "absent")
    node.remove_tag("id", "manual_tag")
    assert stored(emu)[0]["tags"]["manual"] == ["new_tag"]


# -- educations, jobs, likes, subscriptions -----------------------------------------------------


@pytest.fixture
def with_entities(emu: ContactHubEmulator) -> None:
    plant(
        emu,
        "c_id",
        base={
            "educations": [{"id": "education_id", "schoolType": "COLLEGE"}],
            "jobs": [{"id": "job_id", "jobTitle": "CEO"}],
            "likes": [{"id": "like_id", "name": "n"}],
            "subscriptions": [{"id": "subscription_id", "name": "s"}],
        },
    )
    plant(emu, "123", externalId="x123")
    plant(emu, "01", externalId="x01")


def test_education_get_add_remove_update(
    node: Any, emu: ContactHubEmulator, with_entities: None
) -> None:
    from crmkit.contacthub.models import Education

    customer_education = node.get_education(customer_id="c_id", education_id="education_id")
    assert customer_education.schoolType == "COLLEGE"
    new_educ = node.add_education(
        customer_id="123",
        id="01",
        schoolType=Education.SCHOOL_TYPES.COLLEGE,
        schoolName="schoolName",
        schoolConcentration="schoolConcentration",
        isCurrent=False,
        startYear="1994",
        endYear="2000",
    )
    assert new_educ.startYear == 1994 and new_educ.id == "01"
    node.remove_education(customer_id="c_id", education_id="education_id")
    assert emu.workspaces["workspace_id"].customers["c_id"]["base"]["educations"] == []


def test_education_object_post_delete_update(
    node: Any, emu: ContactHubEmulator, with_entities: None
) -> None:
    my_customer = node.get_customer(id="123")
    from crmkit.contacthub.model import Education

    new_educ = Education(
        customer=my_customer,
        id="01",
        schoolType=Education.SCHOOL_TYPES.COLLEGE,
        schoolName="schoolName",
        schoolConcentration="schoolConcentration",
        isCurrent=False,
        startYear="1994",
        endYear="2000",
    )
    new_educ.post()
    assert my_customer.base.educations[0].schoolName == "schoolName"
    my_education = node.get_education(customer_id="123", education_id="01")
    my_education.schoolConcentration = "updated"
    node.update_education(customer_id="123", **my_education.to_dict())
    assert "id" not in emu.requests_to("PUT")[-1].json()
    my_education.put()
    assert emu.requests_to("PUT")[-1].json()["id"] == "01"
    education = my_education
    education.delete()
    assert emu.workspaces["workspace_id"].customers["123"]["base"]["educations"] == []


def test_job_examples(node: Any, emu: ContactHubEmulator, with_entities: None) -> None:
    from crmkit.contacthub.models import Job

    customer_job = node.get_job(customer_id="c_id", job_id="job_id")
    assert customer_job.jobTitle == "CEO"
    new_job = node.add_job(
        customer_id="123",
        id="01",
        jobTitle="jobTitle",
        companyName="companyName",
        companyIndustry="companyIndustry",
        isCurrent=True,
        startDate="1994-10-06",
        endDate="1994-10-06",
    )
    assert new_job.startDate == "1994-10-06"
    my_customer = node.get_customer(id="01")
    new_job = Job(
        customer=my_customer,
        id="01",
        jobTitle="jobTitle",
        companyName="companyName",
        companyIndustry="companyIndustry",
        isCurrent=True,
        startDate="1994-10-06",
        endDate="1994-10-06",
    )
    new_job.post()
    node.remove_job(customer_id="c_id", job_id="job_id")
    job = new_job
    job.delete()
    my_job = node.get_job(customer_id="123", job_id="01")
    my_job.jobTitle = "updated"
    node.update_job(customer_id="123", **my_job.to_dict())
    my_job.put()
    assert (
        emu.workspaces["workspace_id"].customers["123"]["base"]["jobs"][0]["jobTitle"] == "updated"
    )
    assert emu.workspaces["workspace_id"].customers["01"]["base"]["jobs"] == []


def test_like_examples(node: Any, emu: ContactHubEmulator, with_entities: None) -> None:
    from crmkit.contacthub.models import Like

    my_like = node.get_like(customer_id="c_id", like_id="like_id")
    assert my_like.name == "n"
    new_like = node.add_like(
        customer_id="123",
        id="01",
        name="name",
        category="category",
        createdTime=datetime.now(),
    )
    assert new_like.createdTime.endswith("+0000")
    my_customer = node.get_customer(id="01")
    new_like = Like(
        customer=my_customer, id="01", name="name", category="category", createdTime=datetime.now()
    )
    new_like.post()
    node.remove_like(customer_id="c_id", like_id="like_id")
    like = new_like
    like.delete()
    my_like = node.get_like(customer_id="123", like_id="01")
    my_like.name = "updated"
    node.update_like(customer_id="123", **my_like.to_dict())
    my_like.put()
    assert emu.workspaces["workspace_id"].customers["123"]["base"]["likes"][0]["name"] == "updated"


def test_subscription_examples(node: Any, emu: ContactHubEmulator, with_entities: None) -> None:
    from crmkit.contacthub.models import Subscription

    customer_sub = node.get_subscription(customer_id="c_id", subscription_id="subscription_id")
    assert customer_sub.name == "s"
    new_sub = node.add_subscription(
        customer_id="01",
        id="02",
        name="name",
        kind=Subscription.KINDS.SERVICE,
        subscriberId="id",
        subscribed=True,
        preferences=[{"key": "value"}],
    )
    assert new_sub.preferences[0].key == "value"
    my_customer = node.get_customer(id="123")
    new_sub = Subscription(
        customer=my_customer,
        id="02",
        name="name",
        kind=Subscription.KINDS.SERVICE,
        subscriberId="id",
        subscribed=True,
        preferences=[{"key": "value"}],
    )
    new_sub.post()
    node.remove_subscription(customer_id="c_id", subscription_id="subscription_id")
    subscription = new_sub
    subscription.delete()
    my_sub = node.get_subscription(customer_id="01", subscription_id="02")
    my_sub.name = "updated"
    node.update_subscription(customer_id="01", **my_sub.to_dict())
    my_sub.put()
    subs = emu.workspaces["workspace_id"].customers["01"]["base"]["subscriptions"]
    assert [s["name"] for s in subs] == ["updated"]


# -- events ---------------------------------------------------------------------------------------


def _service_event(node: Any, my_customer: Any) -> Any:
    from crmkit.contacthub.models import Event, Properties

    event = Event(
        node=node,
        customerId=my_customer.id,
        type=Event.TYPES.SERVICE_SUBSCRIBED,
        context=Event.CONTEXTS.WEB,
        contextInfo=Properties(client=Properties(ip="127.0.0.1")),
        properties=Properties(
            subscriberId="s_id",
            serviceId="service_id",
            serviceName="serviceName",
            startDate=datetime.now(),
            extraProperties=Properties(extra="extra"),
        ),
    )
    return event


def test_add_event_via_node(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    my_customer = node.get_customer(id="id")
    event = _service_event(node, my_customer)
    posted = node.add_event(**event.to_dict())
    assert posted.id
    stored_event = node.get_event(posted.id)
    assert stored_event.customerId == "id" and stored_event.contextInfo.client.ip == "127.0.0.1"


def test_post_event_object(node: Any, emu: ContactHubEmulator) -> None:
    bruce(emu)
    event = _service_event(node, node.get_customer(id="id"))
    event.post()
    assert emu.requests_to("POST")[0].json()["properties"]["startDate"].endswith("Z")
    assert [e.type for e in node.get_events(customer_id="id")] == ["serviceSubscribed"]


def test_session_events_reconciled(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "c_id")
    from crmkit.contacthub.models import Event, Properties

    session_id = node.create_session_id()
    event = Event(
        node=node,
        bringBackProperties=Properties(type="SESSION_ID", value=session_id),
        type=Event.TYPES.SERVICE_SUBSCRIBED,
        context=Event.CONTEXTS.WEB,
        properties=Properties(
            subscriberId="s_id",
            serviceId="service_id",
            serviceName="serviceName",
            startDate=datetime.now(),
            extraProperties=Properties(extra="extra"),
        ),
    )
    event.post()
    node.add_customer_session(customer_id="c_id", session_id=session_id)
    assert [e.type for e in node.get_events(customer_id="c_id")] == ["serviceSubscribed"]
    assert emu.requests_to("POST")[0].json()["bringBackProperties"]["nodeId"] == "node_id"


def test_external_id_events(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "c_id", externalId="e_id")
    from crmkit.contacthub.models import Event, Properties

    event = Event(
        node=node,
        bringBackProperties=Properties(type="externalId", value="e_id"),
        type=Event.TYPES.SERVICE_SUBSCRIBED,
        context=Event.CONTEXTS.WEB,
        properties=Properties(
            subscriberId="s_id",
            serviceId="service_id",
            serviceName="serviceName",
            startDate=datetime.now(),
            extraProperties=Properties(extra="extra"),
        ),
    )
    event.post()
    assert node.get_events(customer_id="c_id")[0].bringBackProperties.value == "e_id"


def test_get_all_events_with_filters(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "c_id")
    from crmkit.contacthub.models import Event

    node.add_event(customerId="c_id", type="serviceSubscribed", context="WEB", properties={})
    node.add_event(customerId="c_id", type="loggedIn", context="WEB", properties={})
    events = node.get_events(customer_id="c_id")
    assert len(events) == 2
    events = node.get_events(
        customer_id="c_id", event_type=Event.TYPES.SERVICE_SUBSCRIBED, context=Event.CONTEXTS.WEB
    )
    assert [e.type for e in events] == ["serviceSubscribed"]


def test_customer_events_shortcut(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "c_id")
    node.add_event(customerId="c_id", type="loggedIn", context="WEB", properties={})
    my_customer = node.get_customer(id="c_id")

    def example() -> None:
        for event in my_customer.get_events():
            print(event.type)

    assert printed(example) == "loggedIn\n"


def test_get_a_single_event(node: Any, emu: ContactHubEmulator) -> None:
    plant(emu, "c_id")
    event = node.add_event(customerId="c_id", type="loggedIn", context="WEB", properties={})
    event_id = event.id
    customer_event = event.get_event(id=event_id)
    assert customer_event.type == "loggedIn"


def test_exception_handling_message(node: Any, emu: ContactHubEmulator) -> None:
    from crmkit.contacthub.errors.api_error import APIError

    node.add_customer(base={"contacts": {"email": "e@x.io"}})
    with pytest.raises(APIError) as info:
        node.add_customer(base={"contacts": {"email": "e@x.io"}})
    text = str(info.value)
    assert text.startswith("Status code: 409. Message: Conflict with exiting customer ")
    assert ". Errors: []. Data: {'customer': " in text and ". Logref: " in text
