import Foundation
import XCTest

@testable import MemoryRelay

/// The one decoding rule (missing or null = the model's default, unknown members kept,
/// timestamps as Unix seconds or RFC 3339), without a server.
final class DecodingTests: XCTestCase {
    /// Decodes through the SDK's path (JSONParser + init(json:)) and through `Decodable`, and
    /// checks that both agree.
    private func decode<T: Decodable & JSONReadable & Equatable>(_ type: T.Type, _ json: String) throws -> T {
        let fast = try T(json: JSONParser.parse(json))
        let codable = try JSONDecoder().decode(T.self, from: Data(json.utf8))
        XCTAssertEqual(fast, codable)
        return fast
    }

    func testMissingNullAndUnknownMembers() throws {
        let missing = try decode(Memory.self, #"{"id": "m1"}"#)
        XCTAssertEqual(missing.content, "")
        XCTAssertEqual(missing.metadata, [:])
        XCTAssertNil(missing.memoryType)
        XCTAssertFalse(missing.isDuplicate)
        XCTAssertNil(missing.createdAt)
        let null = try decode(
            Memory.self,
            #"{"id": "m1", "content": null, "metadata": null, "memory_type": null, "created_at": null, "future": {"a": [1, null]}}"#
        )
        XCTAssertEqual(null.content, "")
        XCTAssertEqual(null.metadata, [:])
        XCTAssertNil(null.memoryType)
        XCTAssertEqual(null.extra, ["future": ["a": [1, nil]]])
        XCTAssertThrowsError(try decode(Memory.self, #"{"content": "no id"}"#))
    }

    func testUnknownMembersSurviveAReEncode() throws {
        let m = try decode(Memory.self, #"{"id": "m1", "new_field": "kept", "created_at": 1700000000.5}"#)
        let again = try decode(Memory.self, String(decoding: try JSONEncoder().encode(m), as: UTF8.self))
        XCTAssertEqual(again, m)
        XCTAssertEqual(again.extra["new_field"], "kept")
    }

    func testNestedDefaults() throws {
        let b = try decode(BatchResult.self, #"{"timing": null}"#)
        XCTAssertEqual(b.timing, BatchTiming())
        XCTAssertEqual(b.timing.totalMs, 0)
        XCTAssertEqual(b.results, [])
    }

    func testTimestamps() throws {
        let expect: [(String, Double)] = [
            (#"1700000000"#, 1_700_000_000),
            (#"1700000000.25"#, 1_700_000_000.25),
            (#""2023-11-14T22:13:20Z""#, 1_700_000_000),
            (#""2023-11-14T22:13:20.5+00:00""#, 1_700_000_000.5),
            (#""2023-11-15T00:13:20+02:00""#, 1_700_000_000),
            (#""2023-11-14T22:13:20""#, 1_700_000_000),  // no offset: UTC
            (#""2023-11-14 22:13:20.123456""#, 1_700_000_000.123456),
        ]
        for (raw, seconds) in expect {
            let m = try decode(Memory.self, #"{"id": "m", "created_at": \#(raw)}"#)
            XCTAssertEqual(m.createdAt!.timeIntervalSince1970, seconds, accuracy: 1e-6, raw)
        }
        for bad in [#""yesterday""#, #""2023-13-01T00:00:00Z""#, #"true"#] {
            XCTAssertThrowsError(try decode(Memory.self, #"{"id": "m", "created_at": \#(bad)}"#), bad)
        }
    }

    func testJSONValueText() {
        let v: JSONValue = ["n": 50, "f": 0.5, "s": "a\"b\n\u{1}", "a": [true, nil]]
        XCTAssertEqual(JSONValue.parse(v.description), v)
        XCTAssertEqual(JSONValue.number(50).description, "50")
    }

    func testParserAgreesWithFoundation() throws {
        let docs = [
            #"{"a": [1, -2.5e3, 0, true, false, null], "b": {"c": "d"}, "e": ""}"#,
            #"["\u00e9\ud83d\ude00\n\t\"\\\/", "plain é 😀"]"#,
            #"  {"nested": [[[]]], "n": 1.0E-2}  "#,
        ]
        for doc in docs {
            let ours = try JSONParser.parse(doc)
            let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(doc.utf8))
            XCTAssertEqual(ours, theirs, doc)
        }
        XCTAssertEqual(try JSONParser.parse(#""\ud83d\ude00""#), "😀")
    }

    func testParserRejectsBadJSON() {
        let bad = [
            "", "{", "[1,]", #"{"a" 1}"#, "01", "1.", "-", "tru", #""\ud83d""#, #""\x""#,
            "\"a\u{1}b\"", "[1] 2", String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000),
        ]
        for doc in bad {
            XCTAssertThrowsError(try JSONParser.parse(doc), doc)
        }
    }

    func testWrongTypesAreShapeErrorsNamingTheMember() {
        XCTAssertThrowsError(try Memory(json: JSONParser.parse(#"{"id": "m", "importance": "high"}"#))) {
            XCTAssertTrue("\($0)".contains("Memory.importance"), "\($0)")
        }
        XCTAssertThrowsError(try AgentStats(json: JSONParser.parse(#"{"memory_count": 1.5}"#)))
        XCTAssertThrowsError(try Memory(json: JSONParser.parse(#"[1]"#)))
    }
}
