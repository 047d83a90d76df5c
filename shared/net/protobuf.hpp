// The protocol buffers wire format, as far as the Workload API's messages need it: string fields
// written, and a message read field by field (varints, length-delimited fields, fixed 32- and
// 64-bit ones; groups are refused). Hand-written for three string fields rather than bringing
// in libprotobuf; tests/fuzz/fuzz_spiffe_response.cpp fuzzes the reading.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ambient_oidc::net::protobuf {

enum class WireType : std::uint8_t { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 };

// Appends field number `field` holding value as a length-delimited (string or bytes) field.
void put_bytes(std::string& out, std::uint32_t field, std::string_view value);

struct Field {
    std::uint32_t number = 0;
    WireType type = WireType::Varint;
    std::uint64_t varint = 0;  // a Varint's value (Fixed32 and Fixed64 ones too)
    std::string_view bytes;    // a Bytes field's content, a view into the message
};

// Reads the fields of one message in order.
class Reader {
  public:
    explicit Reader(std::string_view message) : rest_(message) {}
    // The next field into field; false at the end of the message. Throws std::invalid_argument
    // naming what is wrong: a varint longer than 10 bytes, a field number of 0, a group or an
    // unknown wire type, a field that runs past the end of the message.
    bool next(Field& field);

  private:
    std::uint64_t varint();
    std::string_view rest_;
};

}  // namespace ambient_oidc::net::protobuf
