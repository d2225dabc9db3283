import Foundation
import XCTest

@testable import MemoryRelay

/// The test chroot has no CA certificates (no ca-certificates package, no SSL_CERT_FILE):
/// clients must still be built, plain HTTP must work, and HTTPS must fail as a NETWORK error
/// on the call, not at construction. (tests/tls_without_trust_store.rs checks the message at
/// the certificate check against a real TLS endpoint.)
final class TrustStoreTests: ServerTestCase {
    func testNoTrustStoreStillBuildsClients() async throws {
        let env = ProcessInfo.processInfo.environment
        try XCTSkipIf(
            FileManager.default.fileExists(atPath: "/etc/ssl/certs/ca-certificates.crt")
                || env["SSL_CERT_FILE"] != nil || env["SSL_CERT_DIR"] != nil,
            "this machine has a CA store; the chroot run covers this case")
        let plain = try server.client()
        let v1 = try await plain.agents.list().data.count
        XCTAssertEqual(v1, 0)

        let https = try MemoryRelay(apiKey: "mem_tls", baseURL: "https://127.0.0.1:9", maxRetries: 0)
        let e = await expectError { try await https.agents.list() }
        XCTAssertEqual(e?.code, .network)
    }
}
