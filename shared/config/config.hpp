// Merging the configuration sources: flag > environment variable > user config file > system
// config file > default. --config / AMBIENT_OIDC_CONFIG names one file instead of both.
#pragma once

#include <map>
#include <string>

#include "config/settings.hpp"
#include "core/environment.hpp"

namespace ambient_oidc::config {

// Command-line settings by long option name without dashes ("attempts" -> "3"); "verbose"
// holds the count of -v, "quiet" and "no-cache" are present when given.
using Flags = std::map<std::string, std::string>;

struct ConfigPaths {
    std::string system = "/etc/ambient-oidc/config.json";
    std::string user;  // empty: none
};

// The user config path: $XDG_CONFIG_HOME/ambient-oidc/config.json, else
// ~/.config/ambient-oidc/config.json, else empty.
std::string user_config_path(const Environment& env);

// Builds the settings from every source. Throws Error(Usage) naming the flag, variable or
// config key (with its file) whose value is unknown, of the wrong type or unparsable, and for
// a config file that is named but missing, unreadable or not a JSON object.
Settings resolve_settings(const Flags& flags, const Environment& env, const ConfigPaths& paths);

// Applies one configuration document to settings; origin names it in errors.
void apply_config_json(Settings& settings, const std::string& json, const std::string& origin);

}  // namespace ambient_oidc::config
