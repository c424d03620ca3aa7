/// Where an `Inflater` is in the DEFLATE stream (RFC 1951 §3.2.3), so that decoding can stop after any
/// input byte and resume with the next one.
enum InflateMode: Sendable {
    /// Expecting the 3-bit header of a block.
    case blockHeader
    /// In a stored block: expecting LEN and NLEN (the bits up to the byte boundary are already dropped).
    case storedHeader
    /// In a stored block: copying its bytes.
    case storedData
    /// In a dynamic block header: expecting HLIT, HDIST and HCLEN.
    case tableSizes
    /// In a dynamic block header: expecting the code lengths of the code-length alphabet.
    case codeLengthLengths
    /// In a dynamic block header: expecting the literal/length and distance code lengths.
    case codeLengths
    /// Decoding the Huffman-coded data of a fixed or dynamic block.
    case huffmanData
    /// After a block with BFINAL set. The bits to the next byte boundary are padding; a following block
    /// header starts a new stream that shares the window (RFC 7692 §7.2.3.4).
    case streamEnd
}
