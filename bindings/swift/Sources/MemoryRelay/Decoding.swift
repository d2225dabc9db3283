import Foundation

/// The one decoding rule of every SDK language (src/models/): a missing member and a `null`
/// member both give the model's default; members the model does not name are kept in `extra`;
/// timestamps are Unix seconds or RFC 3339 (no offset = UTC, wire contract §1.4).
///
/// The generated models read themselves from a `JSONValue` (`init(json:)`); their `Codable`
/// `init(from:)` goes through the same code, so both paths give the same values.
protocol JSONReadable {
    init(json: JSONValue) throws
}

/// A response value that does not fit its model.
struct ShapeError: Error, CustomStringConvertible {
    let description: String
}

extension String: JSONReadable {
    init(json: JSONValue) throws {
        guard case .string(let s) = json else { throw ShapeError(description: "expected a string, got \(json)") }
        self = s
    }
}

extension Int: JSONReadable {
    init(json: JSONValue) throws {
        guard case .number(let n) = json, n.rounded() == n, abs(n) < 9.2e18 else {
            throw ShapeError(description: "expected an integer, got \(json)")
        }
        self = Int(n)
    }
}

extension Double: JSONReadable {
    init(json: JSONValue) throws {
        guard case .number(let n) = json else { throw ShapeError(description: "expected a number, got \(json)") }
        self = n
    }
}

extension Bool: JSONReadable {
    init(json: JSONValue) throws {
        guard case .bool(let b) = json else { throw ShapeError(description: "expected a boolean, got \(json)") }
        self = b
    }
}

extension JSONValue: JSONReadable {
    init(json: JSONValue) throws { self = json }
}

extension Array: JSONReadable where Element: JSONReadable {
    init(json: JSONValue) throws {
        guard case .array(let a) = json else { throw ShapeError(description: "expected an array, got \(json)") }
        self = try a.enumerated().map { i, v in
            do {
                return try Element(json: v)
            } catch let e as ShapeError {
                throw ShapeError(description: "[\(i)]: \(e)")
            }
        }
    }
}

extension Dictionary: JSONReadable where Key == String, Value == JSONValue {
    init(json: JSONValue) throws {
        guard case .object(let o) = json else { throw ShapeError(description: "expected an object, got \(json)") }
        self = o
    }
}

/// The members of one JSON object, read with the decoding rule.
struct JSONMembers {
    let object: [String: JSONValue]
    let model: String
    /// How many members the model read: when all were read there are no extras to collect.
    private var seen = 0

    init(_ json: JSONValue, model: String) throws {
        guard case .object(let o) = json else {
            throw ShapeError(description: "\(model): expected an object, got \(json)")
        }
        object = o
        self.model = model
    }

    private mutating func present(_ key: String) -> JSONValue? {
        guard let v = object[key] else { return nil }
        seen += 1
        if case .null = v { return nil }
        return v
    }

    private func read<T: JSONReadable>(_ key: String, _ v: JSONValue) throws -> T {
        do {
            return try T(json: v)
        } catch let e as ShapeError {
            throw ShapeError(description: "\(model).\(key): \(e)")
        }
    }

    /// A member with a default: absent or null gives `fallback`.
    mutating func member<T: JSONReadable>(_ key: String, default fallback: @autoclosure () -> T) throws -> T {
        guard let v = present(key) else { return fallback() }
        return try read(key, v)
    }

    /// An optional member: absent or null gives nil.
    mutating func optional<T: JSONReadable>(_ key: String) throws -> T? {
        guard let v = present(key) else { return nil }
        return try read(key, v) as T
    }

    /// A member the model requires.
    mutating func required<T: JSONReadable>(_ key: String) throws -> T {
        guard let v = present(key) else { throw ShapeError(description: "\(model).\(key) is missing") }
        return try read(key, v)
    }

    /// A timestamp member: absent or null gives nil.
    mutating func timestamp(_ key: String) throws -> Date? {
        guard let v = present(key) else { return nil }
        if case .number(let s) = v { return Date(timeIntervalSince1970: s) }
        if case .string(let s) = v, let d = Timestamp.parse(s) { return d }
        throw ShapeError(
            description: "\(model).\(key) is not Unix seconds or an RFC 3339 timestamp: \(v)")
    }

    /// Every member not in `known` (the members the model reads).
    func extras(known: Set<String>) -> [String: JSONValue] {
        if seen == object.count { return [:] }
        return object.filter { !known.contains($0.key) }
    }
}

/// Writing models back (`Encodable`): every member, then the unknown ones as they came.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer where Key == AnyKey {
    mutating func put<T: Encodable>(_ key: String, _ value: T) throws {
        try encode(value, forKey: AnyKey(key))
    }
    mutating func put<T: Encodable>(_ key: String, _ value: T?) throws {
        if let value { try encode(value, forKey: AnyKey(key)) } else { try encodeNil(forKey: AnyKey(key)) }
    }
    /// Timestamps are written as Unix seconds, which every SDK reads back exactly.
    mutating func putTimestamp(_ key: String, _ value: Date?) throws {
        try put(key, value?.timeIntervalSince1970)
    }
    mutating func putExtras(_ extra: [String: JSONValue]) throws {
        for (k, v) in extra { try encode(v, forKey: AnyKey(k)) }
    }
}

/// RFC 3339 timestamps (`2026-01-02T03:04:05.678Z`, `+02:00` offsets, or no offset = UTC),
/// parsed by hand: this runs for every timestamp of every response, and Foundation's
/// formatters are neither cheap nor `Sendable`.
enum Timestamp {
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for _ in 0..<n {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
                i += 1
            }
            return v
        }
        func expect(_ chars: String) -> Bool {
            guard i < b.count, chars.utf8.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"),
            let day = digits(2), expect("Tt "), let hour = digits(2), expect(":"),
            let minute = digits(2), expect(":"), let second = digits(2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        var offset = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = digits(2), expect(":"), let om = digits(2) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
