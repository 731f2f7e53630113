/// The commented `.palisade.yaml` that `palisade init` writes: every key with its default or an
/// example, so a team edits a file rather than reading documentation first. It must parse, and
/// validate against `docs/config-schema.json` (tests check both).
public enum StarterConfiguration {
    public static let text = """
        # Palisade configuration (docs/config-schema.json). Palisade uses the nearest .palisade.yaml in
        # the scanned folder or above it, up to the repository top (the folder with .git).
        # Every key is optional, and every command-line flag wins over the key it sets.
        version: 1

        # Which rules run: threat-model (the threat catalogue), pss-baseline or pss-restricted
        # (exactly the Pod Security Standards). Flag: --profile.
        profile: threat-model

        rules:
          # Run only these: rule ids, globs (k8s-rbac-*) or whole attack patterns (pattern:exposure).
          # Without it, every rule of the profile runs. Flag: --rule (repeatable).
          # enable: [k8s-*]
          # Never run these (same forms). Flag: --skip-rule (repeatable).
          disable: []
          #  - k8s-missing-liveness-probe
          #  - pattern:availability
          # A severity of your own for some rules (id or glob: info, low, medium, high, critical).
          # Flag: --rule-severity ID=SEVERITY (repeatable).
          severity: {}
          #  k8s-image-latest-tag: low

        # Paths to leave out: a name matches at any depth (vendor, *.generated.yaml); a path is
        # relative to the scanned folder, ** for any number of folders (k8s/legacy/*, **/test/**).
        # Flag: --exclude (repeatable).
        exclude: []

        # Exit 1 when a finding is at or above: low, medium, high or critical. Flag: --fail-on.
        fail-on: high

        # Exit 3 when an input cannot be read or parsed, or nothing was scanned. Flag: --strict / --no-strict.
        strict: false

        # Reports: NAME or NAME=FILE (text, json, sarif, junit, markdown); files are relative to this
        # file's folder; one format at most goes to standard output. Flag: --format (repeatable).
        formats: [text]
        #  - sarif=palisade.sarif

        # Registries images may come from (host, host/path prefix, docker.io); without any, no image
        # is reported for its registry. Flag: --trusted-registry (repeatable).
        trusted-registries: []

        # The attack graph (palisade paths): namespaces whose service accounts and Secrets count as
        # cluster-admin level (kube-system always does), the resources an attacker must never reach,
        # and Services or Ingresses whose exposure is intended and guarded, where no path starts
        # (each part a glob, missing parts match anything). Flags: --privileged-namespace,
        # --crown-jewel KIND/NAMESPACE/NAME, --trusted-entry KIND/NAMESPACE/NAME (repeatable).
        privileged-namespaces: []
        #  - kube-system
        crown-jewels: []
        #  - {kind: Secret, namespace: payments}
        #  - {kind: StatefulSet, namespace: payments, name: postgres}
        trusted-entries: []
        #  - {kind: Ingress, namespace: shop, name: storefront}

        """
}
