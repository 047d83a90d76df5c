#include "provider/token_file.hpp"

#include <sys/stat.h>

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

std::string TokenFile::path(const config::Settings& settings) const {
    return settings.file_path.empty() ? default_path_ : settings.file_path;
}

std::string TokenFile::requirement() const {
    return "providers.file.path configured, or " + default_path_ + " present";
}

bool TokenFile::detect(const Environment&, const config::Settings& settings) const {
    struct stat info {};
    return !settings.file_path.empty() || ::stat(default_path_.c_str(), &info) == 0;
}

std::string TokenFile::fetch(FetchContext& context, const std::string&) const {
    return read_token_file(path(context.settings), "the token file");
}

}  // namespace ambient_oidc::provider
