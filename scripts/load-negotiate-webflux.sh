#!/usr/bin/env bash
# The WebFlux counterpart of scripts/load-negotiate.sh: the same runs and checks, against ReactiveLoadApplication
# (webpubsub-benchmarks, test scope), which serves the sample's /negotiate and /api/me with its users and settings on
# WebFlux and Netty, secured by reactive Spring Security with a form-login session. Target: /negotiate >= 0.9 x the
# requests/s of /api/me. Same settings (environment) as load-negotiate.sh.
set -euo pipefail
APP=webflux exec "$(dirname "$0")/load-negotiate.sh" "$@"
