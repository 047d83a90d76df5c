# Cross-compiling for arm64 on Debian with its cross toolchain (crossbuild-essential-arm64) and
# :arm64 multiarch packages (libssl-dev:arm64, ...), which live in /usr/lib/aarch64-linux-gnu
# and /usr/include/aarch64-linux-gnu. Test programs run under qemu's user-mode emulator.
#   cmake -DCMAKE_TOOLCHAIN_FILE=packaging/static/aarch64-linux-gnu.cmake ...
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_STRIP aarch64-linux-gnu-strip CACHE FILEPATH "")
# find_library and find_package look in the lib/aarch64-linux-gnu directories of each prefix.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# pkg-config (FindOpenSSL asks it for hints) must answer with the arm64 libraries.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
find_program(AMBIENT_OIDC_QEMU qemu-aarch64-static)
if(AMBIENT_OIDC_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${AMBIENT_OIDC_QEMU})
endif()
