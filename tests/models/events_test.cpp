#include "docker/models/events.hpp"

#include "support/catch.hpp"

// A namespace per test file: test files are compiled in batches (unity build).
namespace models_events_test {
using docker::EventMessage;
using docker::json;

TEST_CASE("an event line reads into EventMessage", "[models][events]") {
    auto e = json::parse(R"({"status":"die","id":"0123abc","from":"busybox:latest","Type":"container",
        "Action":"die","Actor":{"ID":"0123abc","Attributes":{"exitCode":"3","image":"busybox:latest",
        "name":"web","dcpp.test":"x"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789})")
                 .get<EventMessage>();
    CHECK(e.type == "container");
    CHECK(e.action == "die");
    CHECK(e.actor.id == "0123abc");
    CHECK(e.actor.attributes.size() == 4);
    CHECK(e.attribute("exitCode") == "3");
    CHECK(e.attribute("missing", "none") == "none");
    CHECK(e.scope == "local");
    CHECK(e.time == 1700000000);
    CHECK(e.time_nano == 1700000000123456789);
    CHECK(e.raw.at("from") == "busybox:latest");
}

TEST_CASE("an event of an old daemon, legacy fields only", "[models][events]") {
    auto e = json::parse(R"({"status":"start","id":"0123abc","from":"busybox","time":5})").get<EventMessage>();
    CHECK(e.action == "start");
    CHECK(e.actor.id == "0123abc");
    CHECK(e.type.empty());
    CHECK(e.time == 5);
}

TEST_CASE("a daemon event without attributes", "[models][events]") {
    auto e = json::parse(R"({"Type":"daemon","Action":"reload","Actor":{"ID":"X:Y"},"time":1})").get<EventMessage>();
    CHECK(e.type == "daemon");
    CHECK(e.actor.attributes.empty());
    CHECK(e.time_nano == 0);
}

}  // namespace models_events_test
