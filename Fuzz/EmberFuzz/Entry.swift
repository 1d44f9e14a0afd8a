#if FUZZING
/// libFuzzer's callback: `scripts/fuzz.sh` builds this target with `-sanitize=fuzzer,address`, and
/// libFuzzer calls this with each input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzTarget.current.run(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}

/// libFuzzer's driver, which its own `main` would call (`int LLVMFuzzerRunDriver(int *, char ***, callback)`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main` (tests may link executables), so
/// libFuzzer's `main` is not used: this one hands the command line to libFuzzer's driver.
@_cdecl("EmberFuzz_main")
public func emberFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}
#else
import Foundation

/// Built without the fuzzer (an ordinary `swift build`), the target only says how to run it.
@main
enum EmberFuzzUsage {
    static func main() {
        FileHandle.standardError.write(Data("ember-fuzz: build and run it with scripts/fuzz.sh (libFuzzer, -sanitize=fuzzer,address)\n".utf8))
        exit(2)
    }
}
#endif
