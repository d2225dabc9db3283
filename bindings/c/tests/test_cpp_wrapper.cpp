// GoogleTest suite for include/memoryrelay.hpp against the local server: RAII and move-only
// ownership, results, exceptions carrying the status and error document, async with
// std::function callbacks, cancellation.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>

#include "harness.h"
#include "memoryrelay.hpp"

namespace {

mr_test_server server;

std::string config(const std::string &extra = "") {
    return std::string("{\"api_key\": \"") + MR_TEST_KEY + "\", \"base_url\": \"" + server.url +
           "\"" + (extra.empty() ? "" : ", " + extra) + "}";
}

std::string field(const std::string &json, const char *path) {
    char *v = mr_json_get(json.c_str(), path);
    std::string s = v ? v : "";
    free(v);
    return s;
}

TEST(Client, CallsReturnResultJson) {
    memoryrelay::Client client(config());
    std::string agent = client.call("agents.create", R"({"name": "cpp-agent"})");
    std::string id = field(agent, "id");
    ASSERT_FALSE(id.empty()) << agent;
    std::string memory = client.call(
        "memories.create", R"({"agent_id": ")" + id + R"(", "content": "C++ wrapper works."})");
    EXPECT_EQ(field(memory, "content"), "C++ wrapper works.");
    EXPECT_EQ(client.call("memories.delete", R"({"memory_id": ")" + field(memory, "id") + "\"}"),
              "null");
}

// The generated accessors: client.<resource>().<method>(params) calls mr_<resource>_<method>.
TEST(Client, NamedMethodsOfEveryResource) {
    memoryrelay::Client client(config());
    const std::string agent = field(client.agents().create(R"({"name": "cpp-named"})"), "id");
    ASSERT_FALSE(agent.empty());
    const std::string a = R"("agent_id": ")" + agent + "\"";
    EXPECT_EQ(field(client.agents().get("{" + a + "}"), "name"), "cpp-named");
    EXPECT_NE(client.agents().list().find("cpp-named"), std::string::npos);

    std::string memory = client.memories().create("{" + a + R"(, "content": "Named C++ calls."})");
    const std::string m = R"("memory_id": ")" + field(memory, "id") + "\"";
    EXPECT_EQ(field(client.memories().get("{" + m + "}"), "content"), "Named C++ calls.");
    EXPECT_EQ(field(client.memories().update("{" + m + R"(, "content": "Updated."})"), "content"),
              "Updated.");
    EXPECT_EQ(field(client.memories().list("{" + a + "}"), "data.0.content"), "Updated.");
    EXPECT_EQ(field(client.memories().search("{" + a + R"(, "query": "Updated"})"), "query"),
              "Updated");

    const std::string entity = field(
        client.entities().create("{" + a + R"(, "name": "Ada", "entity_type": "person"})"), "id");
    EXPECT_EQ(field(client.entities().link(R"({"entity_id": ")" + entity + "\", " + m + "}"),
                    "relationship"),
              "mentioned_in");
    const std::string session = field(client.sessions().create("{" + a + "}"), "id");
    EXPECT_EQ(field(client.sessions().end(R"({"session_id": ")" + session + "\"}"), "status"),
              "ended");
    EXPECT_EQ(field(client.decisions().create("{" + a + R"(, "title": "T", "content": "R"})"),
                    "rationale"),
              "R");
    const std::string project =
        field(client.projects().create("{" + a + R"(, "name": "Cpp", "slug": "cpp-named"})"), "id");
    const std::string pattern =
        field(client.patterns().create("{" + a + R"(, "name": "P", "content": "D"})"), "id");
    const std::string adopt =
        R"({"pattern_id": ")" + pattern + R"(", "project_id": ")" + project + "\"}";
    EXPECT_EQ(field(client.patterns().adopt(adopt), "adoption_count"), "1");
    EXPECT_EQ(field(client.patterns().unadopt(adopt), "adoption_count"), "0");
    EXPECT_EQ(field(client.projects().context(R"({"project_id": ")" + project + "\"}"),
                    "project.slug"),
              "cpp-named");

    EXPECT_EQ(client.memories().remove("{" + m + "}"), "null");
    try {
        client.memories().get("{" + m + "}");
        FAIL() << "expected memoryrelay::Error";
    } catch (const memoryrelay::Error &e) {
        EXPECT_EQ(e.status(), MR_NOT_FOUND);
    }
    // Client-side validation goes through the same path as call().
    EXPECT_THROW(client.memories().create("{" + a + "}"), memoryrelay::Error);
}

TEST(Client, ErrorsThrowWithStatusAndDocument) {
    memoryrelay::Client client(config());
    try {
        client.call("memories.get", R"({"memory_id": "7b1e0a4e-1c1f-4c38-9a59-0d7a1f2b3c4d"})");
        FAIL() << "expected memoryrelay::Error";
    } catch (const memoryrelay::Error &e) {
        EXPECT_EQ(e.status(), MR_NOT_FOUND);
        EXPECT_STREQ(e.name(), "NOT_FOUND");
        EXPECT_EQ(field(e.json(), "error.status"), "404");
        EXPECT_NE(std::string(e.what()).find("NOT_FOUND: "), std::string::npos) << e.what();
    }
    EXPECT_THROW(client.call("memories.frobnicate"), memoryrelay::Error);
}

TEST(Client, ConstructionFailureThrows) {
    try {
        memoryrelay::Client client(R"({"api_key": "k", "colour": "blue"})");
        FAIL() << "expected memoryrelay::Error";
    } catch (const memoryrelay::Error &e) {
        EXPECT_EQ(e.status(), MR_INVALID_ARGUMENT);
        EXPECT_NE(std::string(e.what()).find("colour"), std::string::npos) << e.what();
    }
}

TEST(Client, MoveOnlyOwnership) {
    memoryrelay::Client a(config());
    mr_client *raw = a.get();
    memoryrelay::Client b(std::move(a));
    EXPECT_FALSE(static_cast<bool>(a));
    EXPECT_EQ(b.get(), raw);
    EXPECT_NO_THROW(b.call("agents.list"));
    try {
        a.call("agents.list");
        FAIL() << "a moved-from client must not work";
    } catch (const memoryrelay::Error &e) {
        EXPECT_EQ(e.status(), MR_INVALID_ARGUMENT);
    }
    memoryrelay::Client c(config());
    c = std::move(b);  // frees c's old handle
    EXPECT_EQ(c.get(), raw);
}

struct Done {
    std::mutex m;
    std::condition_variable cv;
    int calls = 0;
    mr_status status = MR_OK;
    std::string json;
    void set(mr_status s, std::string j) {
        std::lock_guard<std::mutex> lock(m);
        calls++;
        status = s;
        json = std::move(j);
        cv.notify_all();
    }
    void wait() {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [&] { return calls > 0; });
    }
};

TEST(Client, AsyncCallAndCancel) {
    memoryrelay::Client client(config());
    Done ok;
    EXPECT_GT(client.call_async("agents.list", "{}", [&](mr_status s, std::string j) { ok.set(s, std::move(j)); }), 0u);
    ok.wait();
    EXPECT_EQ(ok.status, MR_OK) << ok.json;
    EXPECT_EQ(field(ok.json, "object"), "list");

    mr_test_fault(&server, R"({"path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 4000})");
    Done cancelled;
    auto id = client.call_async("agents.list", "{}", [&](mr_status s, std::string j) { cancelled.set(s, std::move(j)); });
    EXPECT_TRUE(client.cancel(id));
    cancelled.wait();
    EXPECT_EQ(cancelled.status, MR_CANCELLED);
    EXPECT_FALSE(client.cancel(id));
    mr_test_faults_clear(&server);

    Done immediate;
    EXPECT_EQ(client.call_async("agents.list", "[", [&](mr_status s, std::string j) { immediate.set(s, std::move(j)); }), 0u);
    EXPECT_EQ(immediate.calls, 1);
    EXPECT_EQ(immediate.status, MR_INVALID_ARGUMENT);
}

}  // namespace

int main(int argc, char **argv) {
    ::testing::InitGoogleTest(&argc, argv);
    mr_test_server_start(&server);
    int rc = RUN_ALL_TESTS();
    mr_test_server_stop(&server);
    return rc;
}
