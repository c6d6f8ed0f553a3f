// Compiles Asio and Beast once for the whole program (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are PUBLIC definitions of motcua_http), as Beast's own test/lib_asio.cpp does.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
