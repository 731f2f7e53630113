extension Catalogue {
    /// CIS Docker Benchmark: section 4 (container images and build files), which Dockerfiles
    /// evidence, and the section 5 runtime control a Dockerfile decides (no sshd in containers).
    /// Host, daemon and registry configuration (sections 1 to 3, 6, 7) are not in files Palisade reads.
    static let cisDocker = Catalogue(
        .cisDocker, version: "v1.6.0",
        scope: "Section 4 (images and build files) and 5.6 (sshd): what a Dockerfile shows. Host, daemon, registry and runtime settings are not in the files Palisade reads.",
        controls: [
            CatalogueControl("4.1", "A user for the container has been created",
                             "The final stage runs as a non-root user.",
                             rules: ["docker-user-root"]),
            CatalogueControl("4.2", "Containers use only trusted base images",
                             "Base images are pinned to a version and a digest, so what is built on cannot change unseen.",
                             rules: ["docker-image-latest-tag", "docker-image-no-digest", "docker-image-untrusted-registry"]),
            CatalogueControl("4.3", "Unnecessary packages are not installed",
                             "Images carry only what they need: minimal bases, no recommended extras.",
                             rules: ["docker-apt-install-recommends", "docker-base-image-not-minimal", "docker-package-cache-kept"]),
            CatalogueControl("4.4", "Images are scanned and rebuilt to include security patches",
                             "Image contents are scanned for vulnerabilities; needs the built image."),
            CatalogueControl("4.5", "Content trust for Docker is enabled",
                             "Pulls and pushes are signed and verified; daemon and client configuration."),
            CatalogueControl("4.6", "HEALTHCHECK instructions have been added to container images",
                             "The image says how to tell it is healthy.",
                             rules: ["docker-healthcheck-missing"]),
            CatalogueControl("4.7", "Update instructions are not used alone in Dockerfiles",
                             "A package index update is never cached apart from the install it serves."),
            CatalogueControl("4.8", "Setuid and setgid permissions are removed",
                             "Nothing in the image lets a process gain privileges, sudo included.",
                             rules: ["docker-sudo", "docker-chmod-world-writable"]),
            CatalogueControl("4.9", "COPY is used instead of ADD in Dockerfiles",
                             "Nothing is added from a URL or archive without verification.",
                             rules: ["docker-add-remote"]),
            CatalogueControl("4.10", "Secrets are not stored in Dockerfiles",
                             "No credential is written into an instruction or copied in with the build context.",
                             rules: ["docker-secret-in-env", "docker-copy-whole-context"]),
            CatalogueControl("4.11", "Only verified packages are installed",
                             "Builds install pinned packages from verified sources, never scripts piped from the network.",
                             rules: ["docker-remote-script-execution", "docker-package-unpinned"]),
            CatalogueControl("4.12", "All signed artifacts are validated",
                             "Signatures of what the build pulls are checked; needs the build's supply-chain tooling."),
            CatalogueControl("5.6", "sshd is not run within containers",
                             "Containers are reached through the orchestrator, never an SSH server in the image.",
                             rules: ["docker-ssh-server"]),
        ]
    )
}
