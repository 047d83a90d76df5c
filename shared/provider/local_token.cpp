#include "provider/local_token.hpp"

#include "core/directory_trust.hpp"
#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/text.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::provider {

std::string read_token_file(const std::string& path, const std::string& what) {
    // Room for a trailing newline after a token of the largest size.
    const FileRead file = read_regular_file(path, token::kMaxTokenBytes + 2);
    if (file.too_large) {
        throw Error(ErrorKind::InvalidToken, what + " " + path + " is larger than 64 KiB");
    }
    if (!file.ok) {
        throw Error(ErrorKind::Rejected, "cannot read " + what + " " + path + ": " + file.error);
    }
    // Whoever can write the file, or replace it, chooses whose token this is.
    if (const auto reason = untrusted_file_reason(path, file.info)) {
        throw Error(ErrorKind::Usage, "not using " + what + " " + path + ": it " + *reason +
                                          ", who could put another identity's token there; "
                                          "give it (and the directories above it) to root or "
                                          "to yourself, writable by no one else");
    }
    return std::string(trim(file.text));
}

std::string read_token_variable(const FetchContext& context, const Variable& variable,
                                const std::string& name) {
    const std::string actual = name.empty() ? variable.name : name;
    const auto value = context.read(variable, actual);
    if (!value) {
        throw Error(ErrorKind::NoCredential, actual + " is not set");
    }
    if (value->size() > token::kMaxTokenBytes + 2) {
        throw Error(ErrorKind::InvalidToken, actual + " is larger than 64 KiB");
    }
    return std::string(trim(*value));
}

bool FileNamedByVariable::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty(variable_.name).has_value();
}

std::string FileNamedByVariable::fetch(FetchContext& context, const std::string&) const {
    return read_token_file(*context.read(variable_), variable_.name);
}

}  // namespace ambient_oidc::provider
