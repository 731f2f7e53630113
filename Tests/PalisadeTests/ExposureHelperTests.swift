@testable import PalisadeRules
import Testing

/// The parsers behind the exposure rules: image references, CIDRs and secret recognisers.
@Suite("Exposure rule helpers")
struct ExposureHelperTests {
    @Test("Image references split into registry, repository, tag and digest as the runtime reads them")
    func imageReferences() throws {
        let nginx = try #require(ImageReference("nginx"))
        #expect(nginx.registry == "docker.io" && nginx.repository == "library/nginx" && nginx.tag == nil && nginx.isLatest)
        let local = try #require(ImageReference("localhost:5000/team/app:1.2@sha256:abc"))
        #expect(local.registry == "localhost:5000" && local.repository == "team/app" && local.tag == "1.2" && local.isPinnedByDigest)
        let user = try #require(ImageReference("someone/tool:0.3"))
        #expect(user.registry == "docker.io" && user.repository == "someone/tool")
        let hub = try #require(ImageReference("index.docker.io/library/nginx:1.27"))
        #expect(hub.registry == "docker.io" && hub.repository == "library/nginx")
        #expect(ImageReference("localhost/app")?.registry == "localhost")
        #expect(ImageReference("${IMAGE}") == nil && ImageReference("{{ .Values.image }}") == nil && ImageReference("") == nil)
        #expect(ImageReference("GHCR.io/example/x:1")?.isCovered(by: "ghcr.io/example") == true)
        #expect(ImageReference("ghcr.io/example-evil/x:1")?.isCovered(by: "ghcr.io/example") == false)
        #expect(ImageReference("nginx:1.27")?.isCovered(by: "docker.io") == true)
        #expect(ImageReference("nginx:1.27")?.isCovered(by: "docker.io/library") == true)
        #expect(ImageReference("registry.example.com:443/a:1")?.isCovered(by: "registry.example.com") == true)
        #expect(ImageReference("registry.example.com:5000/a:1")?.isCovered(by: "registry.example.com") == false)
    }

    @Test("CIDRs parse in IPv4 and IPv6 and contain what they should")
    func cidrs() throws {
        let all4 = try #require(CIDR("0.0.0.0/0"))
        let all6 = try #require(CIDR("::/0"))
        #expect(all4.isEverything && all6.isEverything && !all4.isIPv6 && all6.isIPv6)
        let imds = CIDR.metadataEndpoints
        #expect(imds.count == 2)
        #expect(try #require(CIDR("169.254.0.0/16")).contains(imds[0]))
        #expect(try #require(CIDR("128.0.0.0/1")).contains(imds[0]))
        #expect(try #require(CIDR("0.0.0.0/1")).contains(imds[0]) == false)
        #expect(try #require(CIDR("fd00::/8")).contains(imds[1]))
        #expect(all4.contains(imds[1]) == false)
        #expect(CIDR("10.1.2.3/8")?.isPrivate == true && CIDR("8.8.8.0/24")?.isPrivate == false && CIDR("10.0.0.0/7")?.isPrivate == false)
        #expect(CIDR("fd12:3456::/48")?.isPrivate == true)
        for bad in ["", "1.2.3", "1.2.3.4/33", "256.0.0.1", "::/129", "1::2::3", "10.0.0.0/", "bogus", "1:2:3:4:5:6:7:8:9"] {
            #expect(CIDR(bad) == nil, "\(bad) should not parse")
        }
        #expect(CIDR("::ffff:10.0.0.1")?.address == 0xFFFF_0A00_0001)
    }

    @Test("Secret names and value shapes are recognised, descriptions of secrets are not")
    func secrets() {
        for name in ["DB_PASSWORD", "apiKey", "API_KEY", "client-secret", "GITHUB_TOKEN", "PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "BASIC_AUTH", "REDIS_PASS", "APIKey"] {
            #expect(SecretText.nameLooksSecret(name), "\(name)")
        }
        for name in ["TOKEN_TTL", "PASSWORD_FILE", "SECRET_NAME", "AUTH_URL", "AWS_ACCESS_KEY_ID", "AUTHOR", "PWD", "BYPASS", "passwordPolicy", "KEYS"] {
            #expect(!SecretText.nameLooksSecret(name), "\(name)")
        }
        #expect(SecretText.shape("AKIAIOSFODNN7EXAMPLE") == "an AWS access key id")
        #expect(SecretText.shape("xAKIAIOSFODNN7EXAMPLE") == nil)
        #expect(SecretText.shape("token ghp_0123456789abcdefghijABCDEFGHIJ012345") == "a GitHub token")
        #expect(SecretText.shape("postgres://u:p@db/x") == "a URL with an embedded password")
        #expect(SecretText.shape("postgres://u@db/x") == nil)
        #expect(SecretText.shape("https://u:${PASS}@db/x") == nil)
        #expect(SecretText.shape("see https://example.com/a:b@c") == nil)
        #expect(SecretText.shape("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.abcdefghijklmnop") == "a JSON Web Token")
        #expect(SecretText.shape("eyJhbGciOiJIUzI1NiJ9") == nil)
        #expect(SecretText.hint("s3cr3t-password") == "s…d, 15 characters")
        #expect(SecretText.hint("abc") == "3 characters")
    }
}
