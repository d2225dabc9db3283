//! The synthetic corpus: varied agent-memory sentences, each a pure function of its index (so
//! any text can be regenerated without keeping a million strings), and queries made from
//! ingested texts with some words changed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SEED: u64 = 0x5ca1_ab1e;

const SUBJECTS: &[&str] = &[
    "The billing service",
    "Our staging cluster",
    "The user",
    "Maria from the platform team",
    "The mobile app",
    "The data pipeline",
    "The search index",
    "The on-call engineer",
    "The checkout page",
    "The auth gateway",
    "The nightly backup job",
    "The recommendation model",
    "The design team",
    "The public API",
    "The release train",
    "The analytics dashboard",
    "The customer success lead",
    "Our Kafka consumer",
    "The invoice generator",
    "The feature flag service",
    "Tom in finance",
    "The onboarding flow",
    "The notification worker",
    "The GraphQL layer",
    "The image resizer",
    "The fraud detector",
    "The support bot",
    "The QA team",
    "The warehouse sync",
    "The CLI tool",
    "The partner integration",
    "The load balancer",
    "The email campaign",
    "Priya on the data team",
    "The iOS build",
    "The Android build",
    "The cron scheduler",
    "The pricing engine",
    "The audit logger",
    "The localisation pipeline",
];
const VERBS: &[&str] = &[
    "depends on",
    "was migrated to",
    "prefers",
    "should avoid",
    "is monitored with",
    "was rewritten in",
    "is deployed through",
    "stores its state in",
    "is blocked by",
    "reports errors to",
    "was benchmarked against",
    "needs approval from",
    "times out when calling",
    "caches responses from",
    "was rolled back because of",
    "sends weekly reports to",
    "is rate limited by",
    "authenticates against",
    "was load tested with",
    "exports metrics to",
    "replaced",
    "is documented in",
    "shares a database with",
    "was paused until",
    "streams events into",
    "retries failed calls to",
    "is owned by",
    "was audited by",
    "consumes messages from",
    "is being evaluated against",
];
const OBJECTS: &[&str] = &[
    "PostgreSQL 16",
    "Redis",
    "Kubernetes",
    "GitHub Actions",
    "a dark colour theme",
    "gRPC",
    "Rust and axum",
    "an S3 bucket",
    "the legal review",
    "Sentry",
    "PagerDuty",
    "OpenSearch",
    "React Native",
    "BigQuery",
    "Terraform",
    "the security team",
    "Vault",
    "four-space indentation",
    "Stripe webhooks",
    "the Berlin office",
    "Datadog dashboards",
    "a Postgres read replica",
    "the Snowflake warehouse",
    "RabbitMQ",
    "the Okta tenant",
    "Cloudflare Workers",
    "the Jenkins pipeline",
    "Prometheus alerts",
    "the mainframe export",
    "Google Sheets",
    "a Lambda function",
    "the Tokyo region",
    "the vendor contract",
    "Elasticsearch 7",
    "the GDPR checklist",
    "ArgoCD",
    "the Figma library",
    "Twilio SMS",
    "the SAP connector",
    "DynamoDB",
    "a Helm chart",
    "the design system",
    "ClickHouse",
    "Airflow DAGs",
    "the mobile SDK",
    "Slack notifications",
    "the staging VPN",
    "Nginx ingress",
    "the QA checklist",
    "OpenTelemetry traces",
];
const TAILS: &[&str] = &[
    "since the last sprint",
    "according to the incident review",
    "until the Q3 deadline",
    "after the outage in February",
    "as agreed in the architecture meeting",
    "because of latency issues",
    "for compliance reasons",
    "to cut cloud costs",
    "per the customer's request",
    "during the holiday freeze",
    "while the migration is in progress",
    "after the security audit",
    "to meet the SLA",
    "since the reorg",
    "as a temporary workaround",
    "until the vendor ships a fix",
    "because the old version is deprecated",
    "for the European launch",
    "following the postmortem",
    "to reduce on-call pages",
    "before the board demo",
    "as of version 2.4",
    "on weekends only",
    "for enterprise customers",
    "in the eu-west region",
    "pending a budget decision",
    "after two failed rollouts",
    "to unblock the mobile release",
    "because memory usage doubled",
    "as the runbook says",
];
const PROJECTS: &[&str] = &[
    "PAY", "OPS", "WEB", "APP", "DATA", "SEC", "INF", "CRM", "ML", "DOC", "API", "QA",
];
const CUSTOMERS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Oscorp",
    "Vandelay",
    "Pied Piper",
    "Dunder Mifflin",
];
/// Words a query may swap in (topic words, so a changed query still embeds somewhere real).
const SWAPS: &[&str] = &[
    "latency",
    "budget",
    "rollout",
    "database",
    "outage",
    "customer",
    "deadline",
    "cache",
    "alerts",
    "contract",
    "region",
    "migration",
    "dashboard",
    "pipeline",
    "tokens",
    "review",
];

/// Memory text number `i` (same text for the same `i`, every run).
pub fn text(i: usize) -> String {
    let mut rng = StdRng::seed_from_u64(SEED ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let pick = |rng: &mut StdRng, list: &[&'static str]| list[rng.random_range(0..list.len())];
    let mut s = format!(
        "{} {} {} {}",
        pick(&mut rng, SUBJECTS),
        pick(&mut rng, VERBS),
        pick(&mut rng, OBJECTS),
        pick(&mut rng, TAILS)
    );
    if rng.random_bool(0.4) {
        s.push_str(&format!(" for {}", pick(&mut rng, CUSTOMERS)));
    }
    if rng.random_bool(0.3) {
        s.push_str(&format!(
            ", and it also {} {}",
            pick(&mut rng, VERBS),
            pick(&mut rng, OBJECTS)
        ));
    }
    // The ticket makes every text unique, which is how results are matched across backends.
    s.push_str(&format!(
        " (ticket {}-{}, note {i}).",
        pick(&mut rng, PROJECTS),
        rng.random_range(100..10_000)
    ));
    s
}

/// Query number `k` for a corpus of `size`: an ingested text with the ticket dropped and two
/// words replaced.
pub fn query(k: usize, size: usize) -> String {
    let mut rng = StdRng::seed_from_u64(!SEED ^ k as u64);
    let source = text(rng.random_range(0..size));
    let body = source.split(" (ticket").next().unwrap_or(&source);
    let mut words: Vec<&str> = body.split_whitespace().collect();
    for _ in 0..2 {
        let at = rng.random_range(0..words.len());
        words[at] = SWAPS[rng.random_range(0..SWAPS.len())];
    }
    words.join(" ")
}
