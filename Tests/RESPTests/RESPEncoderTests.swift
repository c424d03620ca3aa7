import RESP
import Testing

@Suite struct RESPEncoderTests {
    @Test("RESP-ENCODE-COMMAND: a command is an array of binary-safe bulk strings")
    func command() {
        var command: RESPCommand = ["SET", "key"]
        command.append(bytes: [0, 13, 10, 255])
        #expect(command.encoded == Array("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$4\r\n".utf8) + [0, 13, 10, 255] + [13, 10])
        #expect(command.name == "SET")
        #expect(RESPCommand(["PING"]).encoded == Array("*1\r\n$4\r\nPING\r\n".utf8))
        #expect(RESPEncoder.encode(RESPCommand(bytes: [])) == Array("*0\r\n".utf8))
        #expect(RESPCommand(["é"]).encoded == Array("*1\r\n$2\r\né\r\n".utf8))
    }
}
