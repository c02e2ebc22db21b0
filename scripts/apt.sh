# Sourced by the npm scripts: installs Debian packages that are missing, running `apt-get update`
# only when the package lists are absent or more than an hour old (so once per fresh machine).
apt_lists_fresh() {
  [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -60 2>/dev/null | head -n 1)" ]
}

apt_install() {
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "estates: missing $* — install them (Debian: apt-get install -y $*) and run this again" >&2
    return 1
  fi
  echo "estates: installing $* from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt_lists_fresh || apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}
