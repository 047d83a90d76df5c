#pragma once

#include <string>

namespace ambient_oidc::test {

// PEM files of a throwaway CA and of a server certificate it signed (by default for 127.0.0.1 and
// localhost).
struct TestPki {
    std::string ca_file;    // the CA certificate, to trust
    std::string cert_file;  // the server certificate
    std::string key_file;   // the server's private key

    // Generates a new EC P-256 CA named ca_name and a server certificate for server_names (a
    // subjectAltName value; valid from an hour ago to a day from now) and writes them to
    // dir/<file_prefix>{ca.pem,server.pem,server.key}, creating dir if needed. Throws
    // std::runtime_error on any failure.
    static TestPki create(const std::string& dir,
                          const std::string& ca_name = "ambient-oidc test CA",
                          const std::string& file_prefix = "",
                          const std::string& server_names = "IP:127.0.0.1,DNS:localhost");
};

}  // namespace ambient_oidc::test
