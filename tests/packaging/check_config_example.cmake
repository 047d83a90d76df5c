# The example configuration shipped under the docs (packaging/config.example.json) is accepted
# by the program, holds every key of the program's settings table, and ambient-oidc.json(5)
# documents every key in it (the keys of every exchange and of cargo.registries are
# check_config_keys.sh's).
# cmake -DPROGRAM=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_config_example.cmake
cmake_minimum_required(VERSION 3.19)  # string(JSON)
set(example ${SOURCE_DIR}/packaging/config.example.json)
set(page_file ${SOURCE_DIR}/man/ambient-oidc.json.5)
file(READ ${example} json)
file(READ ${page_file} page)
string(REPLACE "\\-" "-" page "${page}")
string(REPLACE "\\%" "" page "${page}")
string(REGEX REPLACE "\\\\f[BIRP]" "" page "${page}")
set(failures "")

# The leaves of the example as dotted keys; under registries, uris and cargo.registries the level
# below is a host, a URI prefix or an index URL, written HOST.
function(collect_leaves json prefix out)
  set(keys "")
  string(JSON count LENGTH "${json}")
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON name MEMBER "${json}" ${i})
      string(JSON type TYPE "${json}" "${name}")
      string(JSON value GET "${json}" "${name}")
      set(key "${prefix}${name}")
      if(prefix STREQUAL "registries." OR prefix STREQUAL "uris." OR
         prefix STREQUAL "cargo.registries.")
        set(key "${prefix}HOST")
      endif()
      if(type STREQUAL "OBJECT")
        collect_leaves("${value}" "${key}." below)
        list(APPEND keys ${below})
      else()
        list(APPEND keys "${key}")
      endif()
    endforeach()
  endif()
  set(${out} "${keys}" PARENT_SCOPE)
endfunction()
collect_leaves("${json}" "" leaves)

foreach(key IN LISTS leaves)
  # registries.HOST.username is documented as "username" under registries.host, and
  # exchanges.vault.role as "role" under exchanges.vault.
  string(REGEX REPLACE "^(registries|uris|cargo\\.registries)\\.HOST\\." "" documented "${key}")
  if(documented MATCHES "^(exchanges\\.[a-z-]+)\\.(.+)$")
    set(documented "${CMAKE_MATCH_2}")
    string(FIND "${page}" "${CMAKE_MATCH_1}" at)
    if(at EQUAL -1)
      list(APPEND failures "man/ambient-oidc.json.5 does not document ${CMAKE_MATCH_1} (in ${example})")
    endif()
  endif()
  string(FIND "${page}" "${documented}" at)
  if(at EQUAL -1)
    list(APPEND failures "man/ambient-oidc.json.5 does not document ${key} (in ${example})")
  endif()
endforeach()

# The program's settings table: {"dotted.key", "ENV" or nullptr, ...}.
file(STRINGS ${SOURCE_DIR}/shared/config/config.cpp table REGEX "^ *\\{\"[a-z_]+(\\.[a-z_]+)*\", ")
if(NOT table)
  message(WARNING "no settings table found in shared/config/config.cpp: only the example is checked")
endif()
foreach(line IN LISTS table)
  string(REGEX MATCH "\"[a-z_.]+\"" key "${line}")
  string(REPLACE "\"" "" key "${key}")
  if(NOT key IN_LIST leaves)
    list(APPEND failures "${example} lacks the key ${key}")
  endif()
  string(FIND "${page}" "${key}" at)
  if(at EQUAL -1)
    list(APPEND failures "man/ambient-oidc.json.5 does not document ${key}")
  endif()
endforeach()

# Accepted: with no provider's environment, the run gets as far as "no ambient credential" (3),
# not a configuration error (2).
execute_process(COMMAND env -i PATH=/usr/bin:/bin HOME=${WORK_DIR} ${PROGRAM}
                        --config ${example} --provider github-actions token
                RESULT_VARIABLE result ERROR_VARIABLE error OUTPUT_QUIET)
if(NOT result EQUAL 3)
  list(APPEND failures "${PROGRAM} --config ${example}: exit ${result}, not 3: ${error}")
endif()

if(failures)
  list(JOIN failures "\n" text)
  message(FATAL_ERROR "${text}")
endif()
list(LENGTH leaves count)
message(STATUS "the example's ${count} keys are accepted and documented")
