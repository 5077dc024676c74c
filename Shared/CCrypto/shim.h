#ifndef SWITCHBOARD_CCRYPTO_SHIM_H
#define SWITCHBOARD_CCRYPTO_SHIM_H
/* System libcrypto (Debian's libssl-dev): digests, HMAC and RSA signature checks only.
   TLS stays with NIOSSL; no OpenSSL 3.0-deprecated call is used. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/x509.h>
#endif
