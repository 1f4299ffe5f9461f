import Foundation
import Testing
import TestSupport

/// The two kernel builds are one source: `Sources/KernelsAVX2` holds nothing but a symlink to
/// each source file of `Sources/KernelsPortable` (DECISIONS.md, "Two builds of the kernels").
/// A copied file there would compile, pass every test and then drift from the portable one.
@Suite struct KernelSourceTests {
    static let root = GPWProcess.packageRoot()
    static let portable = root + "/Sources/KernelsPortable"
    static let accelerated = root + "/Sources/KernelsAVX2"

    @Test func theAVX2FolderIsASymlinkToEveryPortableSourceAndNothingElse() throws {
        let files = FileManager.default
        let sources = try files.contentsOfDirectory(atPath: Self.portable).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!sources.isEmpty)
        for name in sources {
            let path = Self.portable + "/" + name
            let attributes = try files.attributesOfItem(atPath: path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular, "\(path) is not a regular file")
        }
        let links = try files.contentsOfDirectory(atPath: Self.accelerated).sorted()
        #expect(links == sources, "Sources/KernelsAVX2 holds \(links), Sources/KernelsPortable \(sources)")
        for name in links {
            let path = Self.accelerated + "/" + name
            let attributes = try files.attributesOfItem(atPath: path)      // of the link itself
            #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "\(path) is not a symlink")
            guard attributes[.type] as? FileAttributeType == .typeSymbolicLink else { continue }
            let target = try files.destinationOfSymbolicLink(atPath: path)
            #expect(target == "../KernelsPortable/" + name, "\(path) points at \(target)")
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let source = URL(fileURLWithPath: Self.portable + "/" + name).resolvingSymlinksInPath().path
            #expect(resolved == source, "\(path) resolves to \(resolved)")
        }
    }
}
