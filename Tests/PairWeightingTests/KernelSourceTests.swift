import Foundation
import Testing
import TestSupport

/// The three kernel builds are one source: `Sources/KernelsAVX2` and `Sources/KernelsAVX512` hold
/// nothing but a symlink to each source file of `Sources/KernelsPortable` (DECISIONS.md, "Builds
/// of the kernels").
/// A copied file there would compile, pass every test and then drift from the portable one.
@Suite struct KernelSourceTests {
    static let root = GPWProcess.packageRoot()
    static let portable = root + "/Sources/KernelsPortable"

    @Test(arguments: ["KernelsAVX2", "KernelsAVX512"])
    func theAcceleratedFolderIsASymlinkToEveryPortableSourceAndNothingElse(folder: String) throws {
        let accelerated = Self.root + "/Sources/" + folder
        let files = FileManager.default
        let sources = try files.contentsOfDirectory(atPath: Self.portable).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!sources.isEmpty)
        for name in sources {
            let path = Self.portable + "/" + name
            let attributes = try files.attributesOfItem(atPath: path)
            #expect(attributes[.type] as? FileAttributeType == .typeRegular, "\(path) is not a regular file")
        }
        let links = try files.contentsOfDirectory(atPath: accelerated).sorted()
        #expect(links == sources, "Sources/\(folder) holds \(links), Sources/KernelsPortable \(sources)")
        for name in links {
            let path = accelerated + "/" + name
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
