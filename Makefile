# Builds and installs the release binary, which runs on machines without a Swift toolchain
# (the Swift runtime is linked in statically; see scripts/build-static.sh).
#
#   make                             build .build/static/palisade
#   make install [PREFIX=/usr/local] build, then install as $(PREFIX)/bin/palisade
#   make uninstall [PREFIX=...]      remove it
#
# DESTDIR is honoured for packaging: make install DESTDIR=/tmp/pkg PREFIX=/usr

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=
BINARY := .build/static/palisade

.PHONY: all build install uninstall clean

all: build

build:
	./scripts/build-static.sh $(BINARY)

install: build
	install -d "$(DESTDIR)$(BINDIR)"
	install -m 0755 $(BINARY) "$(DESTDIR)$(BINDIR)/palisade"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/palisade"

clean:
	rm -rf .build/static
