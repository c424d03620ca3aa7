/// Sizes of an inflater's output buffer: the window of history that matches may copy from, followed by room
/// for newly decoded bytes. When the room is used up, the new bytes are appended to the caller's output and the
/// last window's worth of bytes moves to the front.
enum InflateBuffer {
    /// Bytes of room after the window: the window size, but at least 8 KiB so that small windows do not slide
    /// too often.
    static func room(windowSize: Int) -> Int { max(windowSize, 8192) }

    /// Bytes past the end that the fast decoder may overwrite with scratch when copying 8 bytes at a time.
    static let slack = 32

    /// The buffer's usable size for a window of `windowSize` bytes.
    static func capacity(windowSize: Int) -> Int { windowSize + room(windowSize: windowSize) }
}
