# CMake package config for the MemoryRelay C SDK, installed by scripts/install-c.sh into
# <prefix>/lib/cmake/memoryrelay/. Relocatable: paths are computed from this file's location.
#
#   find_package(memoryrelay 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE memoryrelay::memoryrelay)          # shared library
#   target_link_libraries(app PRIVATE memoryrelay::memoryrelay_static)   # static archive
#
# memoryrelay::memoryrelay also carries include/ (memoryrelay.h, memoryrelay.hpp).

get_filename_component(_mr_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET memoryrelay::memoryrelay)
    add_library(memoryrelay::memoryrelay SHARED IMPORTED)
    set_target_properties(memoryrelay::memoryrelay PROPERTIES
        IMPORTED_LOCATION "${_mr_prefix}/lib/libmemoryrelay.so"
        INTERFACE_INCLUDE_DIRECTORIES "${_mr_prefix}/include")
endif()

if(NOT TARGET memoryrelay::memoryrelay_static AND EXISTS "${_mr_prefix}/lib/libmemoryrelay.a")
    find_package(Threads REQUIRED)
    add_library(memoryrelay::memoryrelay_static STATIC IMPORTED)
    set_target_properties(memoryrelay::memoryrelay_static PROPERTIES
        IMPORTED_LOCATION "${_mr_prefix}/lib/libmemoryrelay.a"
        INTERFACE_INCLUDE_DIRECTORIES "${_mr_prefix}/include"
        INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS};m")
endif()

set(memoryrelay_INCLUDE_DIRS "${_mr_prefix}/include")
set(memoryrelay_LIBRARIES memoryrelay::memoryrelay)
unset(_mr_prefix)
