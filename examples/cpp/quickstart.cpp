// The MemoryRelay quick start in C++17 with memoryrelay.hpp: create an agent, store a memory,
// search by meaning. The key and URL come from MEMORYRELAY_API_KEY / MEMORYRELAY_API_URL.
//
//   c++ -std=c++17 quickstart.cpp $(pkg-config --cflags --libs memoryrelay) -o quickstart
#include <iostream>
#include <string>

#include "memoryrelay.hpp"

// The value of the first "id" member: results are compact JSON text (use a JSON library in a
// real program).
static std::string first_id(const std::string &json) {
    const std::string key = "\"id\":\"";
    auto start = json.find(key);
    if (start == std::string::npos) return "";
    start += key.size();
    return json.substr(start, json.find('"', start) - start);
}

int main() {
    try {
        memoryrelay::Client client;  // environment fallback for the key and URL
        std::string agent = client.agents().create(R"({"name": "cpp-agent"})");
        std::string agent_id = first_id(agent);
        client.memories().create(R"({"agent_id": ")" + agent_id +
                                 R"(", "content": "The project uses PostgreSQL 16 with pgvector for semantic search."})");
        std::cout << client.memories().search(R"({"agent_id": ")" + agent_id +
                                              R"(", "query": "What database does the project use?", "limit": 5})")
                  << "\n";
    } catch (const memoryrelay::Error &e) {
        std::cerr << e.name() << ": " << e.what() << "\n";
        return 1;
    }
    return 0;
}
