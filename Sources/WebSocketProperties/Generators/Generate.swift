/// The value generators of the property suite. Every generator draws from a `Xorshift64Star` passed `inout`, so
/// its output is a pure function of the generator's state: the same seed gives the same inputs everywhere.
public enum Generate {}
