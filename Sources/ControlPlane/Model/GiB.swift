/// Sizes in the control plane are whole GiB, as in Cinder.
public enum GiB {
    public static let bytes: UInt64 = 1 << 30
}
