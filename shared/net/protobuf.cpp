#include "net/protobuf.hpp"

namespace ambient_oidc::net::protobuf {

namespace {

void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

}  // namespace

void put_bytes(std::string& out, std::uint32_t field, std::string_view value) {
    put_varint(out, (static_cast<std::uint64_t>(field) << 3) |
                        static_cast<std::uint64_t>(WireType::Bytes));
    put_varint(out, value.size());
    out.append(value.data(), value.size());
}

std::uint64_t Reader::varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (rest_.empty()) {
            throw std::invalid_argument("a varint runs past the end of the message");
        }
        const auto byte = static_cast<unsigned char>(rest_.front());
        rest_.remove_prefix(1);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            return value;
        }
    }
    throw std::invalid_argument("a varint longer than 10 bytes");
}

bool Reader::next(Field& field) {
    if (rest_.empty()) {
        return false;
    }
    const std::uint64_t key = varint();
    if ((key >> 3) == 0 || (key >> 3) > 0x1fffffff) {
        throw std::invalid_argument("a field number out of range");
    }
    field = Field{};
    field.number = static_cast<std::uint32_t>(key >> 3);
    auto take = [&](std::uint64_t size) {
        if (size > rest_.size()) {
            throw std::invalid_argument("field " + std::to_string(field.number) +
                                        " runs past the end of the message");
        }
        const std::string_view taken = rest_.substr(0, static_cast<std::size_t>(size));
        rest_.remove_prefix(static_cast<std::size_t>(size));
        return taken;
    };
    auto little_endian = [](std::string_view bytes) {
        std::uint64_t value = 0;
        for (std::size_t i = bytes.size(); i-- > 0;) {
            value = value << 8 | static_cast<unsigned char>(bytes[i]);
        }
        return value;
    };
    switch (key & 7) {
        case 0:
            field.type = WireType::Varint;
            field.varint = varint();
            return true;
        case 1:
            field.type = WireType::Fixed64;
            field.varint = little_endian(take(8));
            return true;
        case 2:
            field.type = WireType::Bytes;
            field.bytes = take(varint());
            return true;
        case 5:
            field.type = WireType::Fixed32;
            field.varint = little_endian(take(4));
            return true;
        default:
            throw std::invalid_argument("field " + std::to_string(field.number) +
                                        " has the unsupported wire type " +
                                        std::to_string(key & 7));
    }
}

}  // namespace ambient_oidc::net::protobuf
