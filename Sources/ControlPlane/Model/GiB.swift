/// Sizes in the control plane are whole GiB, as in Cinder.
package enum GiB {
    package static let bytes: UInt64 = 1 << 30
}
