"""The Python SDK page's quick start, unchanged but for where the key comes from.

    MEMORYRELAY_API_KEY=mem_... [MEMORYRELAY_API_URL=http://127.0.0.1:8080] python quickstart.py
"""

from memoryrelay import MemoryRelay

client = MemoryRelay()  # MEMORYRELAY_API_KEY, MEMORYRELAY_API_URL
# Create an agent
agent = client.agents.create(name="my-agent", description="My first agent")
# Store a memory
memory = client.memories.create(
    agent_id=agent.id,
    content="The project uses PostgreSQL 16 with pgvector for semantic search.",
    metadata={"source": "architecture-review", "confidence": 0.95},
)
# Search by meaning
results = client.memories.search(
    agent_id=agent.id,
    query="What database does the project use?",
    limit=5,
)
for result in results:
    print(f"[{result.score:.2f}] {result.content}")
