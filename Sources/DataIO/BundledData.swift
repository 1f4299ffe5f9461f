import CBundledData
import Synchronization

/// The datasets compiled into gpw (see Sources/CBundledData/csv/README.md for provenance).
public enum BundledData {
    /// Their names.
    public static let names = ["letters", "leaves", "digits", "digits-frozen"]

    /// The CSV text of a bundled dataset.
    public static func csv(named name: String) -> String? {
        var length: UInt = 0
        guard let pointer = gpw_bundled_csv(name, &length) else { return nil }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
        }
    }

    /// A bundled dataset as a table, with its class names. Each is parsed once per process and
    /// kept (letters is 20,000 rows: the explorer's dataset key, `gpw demo` and the tests ask for
    /// it again and again); the text never changes, so the copy returned is the same table.
    public static func table(named name: String) throws(DataError) -> FeatureTable {
        try parsed.withLock { (tables: inout [String: FeatureTable]) throws(DataError) -> FeatureTable in
            if let table = tables[name] { return table }
            guard let text = csv(named: name) else { throw .unknownDataset(name: name, known: names) }
            var table = try CSVReader.parse(text, source: "bundled:\(name)")
            table.classNames = classNames(of: name)
            tables[name] = table
            return table
        }
    }

    /// The tables parsed so far, by name. Parsing happens under the lock, so threads asking for
    /// the same dataset at once parse it once.
    private static let parsed = Mutex<[String: FeatureTable]>([:])

    /// The readable class names of a bundled dataset (data/README.md): letters A-Z, digits 0-9,
    /// leaves their species in alphabetical order (label 0 anhui_barberry ... 31 yew_plum_pine).
    public static func classNames(of name: String) -> [Int: String] {
        switch name {
        case "letters": return Dictionary(uniqueKeysWithValues: (0..<26).map { ($0, String(UnicodeScalar(UInt8(65 + $0)))) })
        case "digits", "digits-frozen": return Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, String($0)) })
        case "leaves": return Dictionary(uniqueKeysWithValues: leafSpecies.enumerated().map { ($0.offset, $0.element) })
        default: return [:]
        }
    }

    /// Flavia's 32 species, by label.
    static let leafSpecies = [
        "anhui_barberry", "beale_s_barberry", "big_fruited_holly", "camphortree", "canadian_poplar",
        "castor_aralia", "chinese_cinnamon", "chinese_horse_chestnut", "chinese_redbud", "chinese_toon",
        "chinese_tulip_tree", "crape_myrtle", "deodar", "ford_woodlotus", "ginkgo_maidenhair_tree",
        "glossy_privet", "goldenrain_tree", "japanese_cheesewood", "japanese_flowering_cherry",
        "japanese_maple", "japanese_viburnum", "nanmu", "oleander", "peach", "pubescent_bamboo",
        "southern_magnolia", "sweet_osmanthus", "tangerine", "trident_maple", "true_indigo",
        "wintersweet", "yew_plum_pine",
    ]
}
