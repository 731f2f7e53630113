import Foundation
import PalisadeCore
import PalisadeEngine
import PalisadeLoaders
import PalisadeRules
import Testing

/// One intrinsic function, in its short (tag) and long (`Fn::`) forms, and what it evaluates to.
struct IntrinsicCase: Sendable, CustomTestStringConvertible {
    let short: String
    let long: String
    let expected: String
    var testDescription: String { short }
}

@Suite("CloudFormation")
struct CloudFormationTests {
    static let scanner = Scanner(rules: [], estateRules: [], dockerfileRules: [], cloudRules: BuiltinRules.cloud)

    static func findings(_ model: CloudModel) -> [Finding] { scanner.evaluate(model).sorted { $0.location.range.start < $1.location.range.start } }

    /// A value as the tests spell it: `?` unknown, `ref(X.attr)`, lists in brackets.
    static func render(_ value: CloudValue?) -> String {
        guard let value else { return "<absent>" }
        switch value.kind {
        case .string(let text): return text
        case .number(let number): return CloudValue.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .unknown: return "?"
        case .reference(let address, let attribute): return "ref(\(address)\(attribute.isEmpty ? "" : "." + attribute))"
        case .list(let items): return "[" + items.map { render($0) }.joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { "\($0.key):\(render($0.value))" }.joined(separator: ",") + "}"
        case .json(let inner): return render(inner)
        }
    }

    static let preamble = """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env: {Type: String, Default: prod}
          Unset: {Type: String}
          Count: {Type: Number, Default: 3}
          Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
          Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami}
        Mappings:
          Sizes:
            prod: {instance: m5.large}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          InIreland: !Equals [!Ref "AWS::Region", eu-west-1]
        Resources:
          Other:
            Type: AWS::S3::Bucket
          Subject:
            Type: AWS::SNS::Topic
            Properties:

        """

    /// The value of `Value` in the subject resource, with `expression` written there.
    static func evaluate(_ expression: String) -> (value: CloudValue?, diagnostics: [Diagnostic]) {
        let loaded = Support.cloudFormation(preamble + "      Value: " + expression + "\n")
        let subject = loaded.model.resources.first { $0.address == "Subject" }
        return (subject?.attributes["Value"], loaded.diagnostics)
    }

    static let intrinsics: [IntrinsicCase] = [
        IntrinsicCase(short: "!Ref Env", long: #"{"Ref": "Env"}"#, expected: "prod"),
        IntrinsicCase(short: "!Ref Other", long: #"{"Ref": "Other"}"#, expected: "ref(Other)"),
        IntrinsicCase(short: "!Ref AWS::Region", long: #"{"Ref": "AWS::Region"}"#, expected: "?"),
        IntrinsicCase(short: "!Ref Unset", long: #"{"Ref": "Unset"}"#, expected: "?"),
        IntrinsicCase(short: "!Ref Ami", long: #"{"Ref": "Ami"}"#, expected: "?"),
        IntrinsicCase(short: "!Ref Count", long: #"{"Ref": "Count"}"#, expected: "3"),
        IntrinsicCase(short: "!Ref Zones", long: #"{"Ref": "Zones"}"#, expected: "[a,b,c]"),
        IntrinsicCase(short: "!GetAtt Other.Arn", long: #"{"Fn::GetAtt": ["Other", "Arn"]}"#, expected: "ref(Other.Arn)"),
        IntrinsicCase(short: "!GetAtt [Other, DomainName]", long: #"{"Fn::GetAtt": "Other.DomainName"}"#, expected: "ref(Other.DomainName)"),
        IntrinsicCase(short: #"!Sub "acme-${Env}-${!Literal}""#, long: #"{"Fn::Sub": "acme-${Env}-${!Literal}"}"#, expected: "acme-prod-${Literal}"),
        IntrinsicCase(short: #"!Sub ["${Prefix}-${Env}", {Prefix: web}]"#, long: #"{"Fn::Sub": ["${Prefix}-${Env}", {"Prefix": "web"}]}"#, expected: "web-prod"),
        IntrinsicCase(short: #"!Sub "arn:${AWS::Partition}:s3:::x""#, long: #"{"Fn::Sub": "arn:${AWS::Partition}:s3:::x"}"#, expected: "?"),
        IntrinsicCase(short: #"!Sub "${Other.Arn}/*""#, long: #"{"Fn::Sub": "${Other.Arn}/*"}"#, expected: "?"),
        IntrinsicCase(short: #"!Join [":", [a, !Ref Env]]"#, long: #"{"Fn::Join": [":", ["a", {"Ref": "Env"}]]}"#, expected: "a:prod"),
        IntrinsicCase(short: #"!Join ["", [a, !Ref Unset]]"#, long: #"{"Fn::Join": ["", ["a", {"Ref": "Unset"}]]}"#, expected: "?"),
        IntrinsicCase(short: "!Select [1, [a, b, c]]", long: #"{"Fn::Select": ["1", ["a", "b", "c"]]}"#, expected: "b"),
        IntrinsicCase(short: "!Select [2, !Ref Zones]", long: #"{"Fn::Select": [2, {"Ref": "Zones"}]}"#, expected: "c"),
        IntrinsicCase(short: #"!Split [",", "x,y"]"#, long: #"{"Fn::Split": [",", "x,y"]}"#, expected: "[x,y]"),
        IntrinsicCase(short: "!If [IsProd, big, small]", long: #"{"Fn::If": ["IsProd", "big", "small"]}"#, expected: "big"),
        IntrinsicCase(short: "!If [InIreland, big, small]", long: #"{"Fn::If": ["InIreland", "big", "small"]}"#, expected: "?"),
        IntrinsicCase(short: "!FindInMap [Sizes, !Ref Env, instance]", long: #"{"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "instance"]}"#, expected: "m5.large"),
        IntrinsicCase(short: "!Equals [!Ref Env, prod]", long: #"{"Fn::Equals": [{"Ref": "Env"}, "prod"]}"#, expected: "true"),
        IntrinsicCase(short: "!And [!Condition IsProd, !Equals [a, a]]", long: #"{"Fn::And": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "a"]}]}"#, expected: "true"),
        IntrinsicCase(short: "!And [!Condition IsProd, !Condition InIreland]", long: #"{"Fn::And": [{"Condition": "IsProd"}, {"Condition": "InIreland"}]}"#, expected: "?"),
        IntrinsicCase(short: "!Or [!Condition InIreland, !Condition IsProd]", long: #"{"Fn::Or": [{"Condition": "InIreland"}, {"Condition": "IsProd"}]}"#, expected: "true"),
        IntrinsicCase(short: "!Not [!Condition IsProd]", long: #"{"Fn::Not": [{"Condition": "IsProd"}]}"#, expected: "false"),
        IntrinsicCase(short: "!Condition IsProd", long: #"{"Fn::If": ["IsProd", true, false]}"#, expected: "true"),
        IntrinsicCase(short: "!Base64 hello", long: #"{"Fn::Base64": "hello"}"#, expected: "aGVsbG8="),
        IntrinsicCase(short: #"!GetAZs """#, long: #"{"Fn::GetAZs": {"Ref": "AWS::Region"}}"#, expected: "?"),
        IntrinsicCase(short: "!ImportValue shared-vpc", long: #"{"Fn::ImportValue": "shared-vpc"}"#, expected: "?"),
        IntrinsicCase(short: "!Cidr [10.0.0.0/16, 4, 8]", long: #"{"Fn::Cidr": ["10.0.0.0/16", 4, 8]}"#, expected: "?"),
    ]

    @Test("Intrinsic functions evaluate alike in short and long form; what only a deployment knows stays unknown", arguments: intrinsics)
    func intrinsic(_ c: IntrinsicCase) {
        for expression in [c.short, c.long] {
            let (value, diagnostics) = Self.evaluate(expression)
            #expect(Self.render(value) == c.expected, "\(expression)")
            #expect(diagnostics.isEmpty, "\(expression): \(diagnostics.map(\.message))")
        }
    }

    @Test("AWS::NoValue removes the key or the list item; an intrinsic's value sits where it is used")
    func noValue() {
        #expect(Self.render(Self.evaluate("!If [IsProd, !Ref AWS::NoValue, x]").value) == "<absent>")
        #expect(Self.render(Self.evaluate("[a, !If [IsProd, !Ref AWS::NoValue, b], c]").value) == "[a,c]")
        #expect(Self.render(Self.evaluate(#"{"Fn::If": ["IsProd", "x", {"Ref": "AWS::NoValue"}]}"#).value) == "x")
        let (value, _) = Self.evaluate("!Ref Env")
        let lines = Self.preamble.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(value?.site.range.start == SourcePosition(line: lines, column: 14))
    }

    @Test("A resource whose Condition is known false is not created; an unknown condition keeps it")
    func conditionalResources() {
        let loaded = Support.cloudFormation("""
            Parameters:
              Env: {Type: String, Default: prod}
            Conditions:
              IsDev: !Equals [!Ref Env, dev]
              InIreland: !Equals [!Ref "AWS::Region", eu-west-1]
            Resources:
              DevDb:
                Type: AWS::RDS::DBInstance
                Condition: IsDev
                Properties: {PubliclyAccessible: true, StorageEncrypted: true, DeletionProtection: true}
              IrelandDb:
                Type: AWS::RDS::DBInstance
                Condition: InIreland
                Properties: {PubliclyAccessible: true, StorageEncrypted: true, DeletionProtection: true}
            """)
        #expect(loaded.model.resources.map(\.address) == ["IrelandDb"])
        #expect(Self.findings(loaded.model).map(\.ruleId) == ["cloud-database-public"])
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test("Values unknown before deployment are never reported as bad")
    func unknownsNeverReported() {
        let loaded = Support.cloudFormation("""
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Public: {Type: String}
              Cidr: {Type: String}
              Encrypted: {Type: String}
              Tokens: {Type: String}
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Properties:
                  PubliclyAccessible: !Ref Public
                  StorageEncrypted: !Ref Encrypted
                  BackupRetentionPeriod: !ImportValue retention
                  DeletionProtection: !Ref Public
              Sg:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: sg
                  SecurityGroupIngress:
                    - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr}
                    - {IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: !ImportValue office-cidr}
              Key:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: !Ref Encrypted
              App:
                Type: AWS::EC2::Instance
                Properties:
                  MetadataOptions: {HttpTokens: !Ref Tokens}
              Cluster:
                Type: AWS::EKS::Cluster
                Properties:
                  EncryptionConfig: !Ref Public
                  Logging: !Ref Public
                  ResourcesVpcConfig:
                    EndpointPublicAccess: !Ref Public
                    SubnetIds: [subnet-1]
              Site:
                Type: AWS::S3::Bucket
                Properties:
                  AccessControl: !Ref Public
                  VersioningConfiguration: {Status: !Ref Public}
                  LoggingConfiguration: {DestinationBucketName: !Ref Public}
              Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Site
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Principal: !Ref Public, Action: "s3:GetObject", Resource: "*"}
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.model.resources.count == 7)
        #expect(Self.findings(loaded.model).map(\.ruleId) == [])
    }

    @Test("SAM: Globals merge into functions, Policies make the function's role, FunctionUrlConfig is a URL")
    func serverless() {
        let loaded = Support.cloudFormation("""
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Runtime: python3.12
                Environment:
                  Variables:
                    SHARED_TOKEN: f9a8d7c6b5a4
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Environment:
                    Variables:
                      STAGE: prod
                  Policies:
                    - AWSLambdaBasicExecutionRole
                    - Statement:
                        - Effect: Allow
                          Action: "*"
                          Resource: "*"
                  FunctionUrlConfig:
                    AuthType: NONE
              Worker:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: worker.handler
                  Role: arn:aws:iam::123456789012:role/worker
            """)
        #expect(loaded.diagnostics.isEmpty)
        let model = loaded.model
        #expect(model.functions.map { $0.environment.map(\.name).sorted() } == [["SHARED_TOKEN", "STAGE"], ["SHARED_TOKEN"]])
        #expect(model.identities.map(\.resource.address) == ["Api"])
        #expect(model.identities.first?.managedPolicies.map(\.value) == ["arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"])
        #expect(model.functionURLs.map { $0.authorization?.value } == ["NONE"])
        #expect(Self.findings(model).map(\.ruleId).sorted() == [
            // The role SAM makes from the inline `*` on `*` statement is an administrator's.
            "aws-iam-policy-admin", "aws-lambda-admin-role", "aws-lambda-concurrency-unlimited", "aws-lambda-concurrency-unlimited",
            "aws-lambda-environment-secret", "aws-lambda-environment-secret", "aws-lambda-url-no-auth",
        ])
    }

    @Test("Split resources join their target by Ref, GetAtt or name: policies, attachments, groups, URLs")
    func joins() {
        let model = Support.cloudFormation("""
            Resources:
              Site:
                Type: AWS::S3::Bucket
                Properties: {BucketName: acme-site}
              SitePolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: acme-site
                  PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*"}]}
              Admin:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
              Ops:
                Type: AWS::IAM::Group
                Properties: {ManagedPolicyArns: [!Ref Admin]}
              Alice:
                Type: AWS::IAM::User
                Properties: {UserName: alice, Groups: [!Ref Ops]}
              Bob:
                Type: AWS::IAM::User
              BobInOps:
                Type: AWS::IAM::UserToGroupAddition
                Properties: {GroupName: !Ref Ops, Users: [!Ref Bob]}
              Deployer:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: deployer
                  AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: "sts:AssumeRole"}]}
              DeployerPolicy:
                Type: AWS::IAM::RolePolicy
                Properties:
                  RoleName: deployer
                  PolicyName: deploy
                  PolicyDocument: {Statement: [{Effect: Allow, Action: "iam:PassRole", Resource: "*"}]}
              Jobs:
                Type: AWS::SQS::Queue
              JobsPolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues: [!Ref Jobs]
                  PolicyDocument: {Statement: [{Effect: Allow, Principal: "*", Action: "sqs:SendMessage", Resource: "*"}]}
              Fn:
                Type: AWS::Lambda::Function
                Properties: {Role: !GetAtt Deployer.Arn}
              FnUrl:
                Type: AWS::Lambda::Url
                Properties: {TargetFunctionArn: !Ref Fn, AuthType: AWS_IAM}
            """).model
        #expect(model.buckets.first?.policies.count == 1)
        let identities = Dictionary(uniqueKeysWithValues: model.identities.map { ($0.resource.address, $0) })
        #expect(identities["Ops"]?.policies.count == 1)  // the managed policy, by Ref
        #expect(identities["Alice"]?.groups == ["Ops"] && identities["Bob"]?.groups == ["Ops"])
        #expect(identities["Alice"]?.policies.count == 1 && identities["Bob"]?.policies.count == 1)  // the group's, applied to members
        #expect(identities["Deployer"]?.policies.count == 1 && identities["Deployer"]?.trust != nil)
        #expect(model.messaging.first?.policies.count == 1)
        #expect(model.functions.first?.role == "Deployer" && model.functions.first?.urls.map(\.value) == ["AWS_IAM"])
        #expect(Self.findings(model).map(\.ruleId).sorted() == [
            "aws-iam-passrole-wildcard", "aws-iam-policy-admin", "aws-iam-user-admin", "aws-iam-user-admin", "aws-lambda-concurrency-unlimited",
            "aws-s3-bucket-allows-http", "cloud-bucket-access-logging-disabled", "cloud-bucket-public-policy", "cloud-bucket-versioning-disabled",
            "cloud-resource-policy-public",
        ])
    }

    @Test("Malformed templates are input errors at their line and column; the rest of the template loads")
    func malformed() {
        let loaded = Support.cloudFormation("""
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              A: !Condition B
              B: !Not [!Condition A]
            Resources:
              NoType:
                Properties: {}
              ListType:
                Type: [AWS::S3::Bucket]
              Scalar: just text
              BadRef:
                Type: AWS::SQS::Queue
                Properties:
                  KmsMasterKeyId: !Ref Missing
              BadGetAtt:
                Type: AWS::SQS::Queue
                Properties:
                  KmsMasterKeyId: !GetAtt NoDot
              BadJoin:
                Type: AWS::SQS::Queue
                Condition: A
                Properties:
                  KmsMasterKeyId: !Join [only-one]
              BadProperties:
                Type: AWS::SQS::Queue
                Properties: [a, b]
              Good:
                Type: AWS::RDS::DBInstance
                Properties:
                  PubliclyAccessible: true
                  StorageEncrypted: true
                  DeletionProtection: true
            """)
        let errors = loaded.diagnostics.map { "\($0.code) \($0.position.map { "\($0.line):\($0.column)" } ?? "-")" }
        #expect(errors == [
            "cloudformation-syntax 6:3", "cloudformation-syntax 9:11", "cloudformation-syntax 10:3",
            "cloudformation-syntax 14:23", "cloudformation-syntax 18:23",
            "cloudformation-syntax 4:12", "cloudformation-syntax 23:23", "cloudformation-syntax 26:17",
        ], "\(loaded.diagnostics.map(\.message))")
        #expect(loaded.diagnostics.allSatisfy { $0.level == .error })
        #expect(loaded.model.resources.map(\.address) == ["BadRef", "BadGetAtt", "BadJoin", "BadProperties", "Good"])
        #expect(Self.findings(loaded.model).map(\.ruleId) == ["cloud-database-public"])
    }

    @Test("Hostile templates: a long chain of conditions and deep nesting end without a crash")
    func hostile() {
        var text = "AWSTemplateFormatVersion: \"2010-09-09\"\nConditions:\n  C0: !Equals [a, a]\n"
        for i in 1..<3_000 { text += "  C\(i): !Not [!Condition C\(i - 1)]\n" }
        text += "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Condition: C2999\n    Properties:\n      PubliclyAccessible: "
        text += String(repeating: "[", count: 400) + "true" + String(repeating: "]", count: 400) + "\n"
        let loaded = DedicatedThread.run(stackSize: 256 << 20) { Support.cloudFormation(text) }
        #expect(loaded.model.resources.count == 1)  // too long a chain: unknown, so the resource is kept
        #expect(loaded.diagnostics.contains { $0.code == "cloudformation-syntax" })
        #expect(Self.findings(loaded.model).filter { $0.ruleId == "cloud-database-public" }.isEmpty)
    }

    @Test("Detection: templates by content; Kubernetes YAML and other YAML are never taken for one")
    func detection() throws {
        func isTemplate(_ text: String) -> Bool {
            CloudFormationLoader.mayContainTemplate(Array(text.utf8)) && CloudFormationLoader.parse(Array(text.utf8), display: "f", projectPath: "f") != nil
        }
        #expect(isTemplate("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"))
        #expect(isTemplate("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"))
        #expect(isTemplate(#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#))
        #expect(isTemplate("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"))
        // A ConfigMap that carries a template as text, a Kubernetes object with such keys, other YAML.
        #expect(!isTemplate("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfn}\ndata:\n  template.yaml: |\n    AWSTemplateFormatVersion: '2010-09-09'\n    Resources:\n      B: {Type: AWS::S3::Bucket}\n"))
        #expect(!isTemplate("apiVersion: example.com/v1\nkind: Stack\nResources:\n  B: {Type: AWS::S3::Bucket}\n"))
        #expect(!isTemplate("services:\n  web:\n    image: nginx\n    labels: [AWS::none]\n"))
        #expect(!isTemplate("Resources:\n  B:\n    Type: OS::Nova::Server\n"))
        #expect(!CloudFormationLoader.mayContainTemplate(Array("apiVersion: v1\nkind: Pod\nmetadata: {name: AWS}\n".utf8)))

        // Through a scan: the Kubernetes file keeps its findings, the template goes to the cloud phase.
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfn, namespace: app}\ndata:\n  t: 'Type: AWS::S3::Bucket'\n",
                          to: dir.appendingPathComponent("config.yaml"))
        try Support.write("Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {PubliclyAccessible: true, StorageEncrypted: true, DeletionProtection: true}\n",
                          to: dir.appendingPathComponent("stack.json.yaml"))
        try Support.write(#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": false}}}}"#,
                          to: dir.appendingPathComponent("queue.json"))
        let result = Support.scan([dir.path])
        #expect(result.inputErrors.isEmpty)
        #expect(result.statistics.objects == 3)  // the ConfigMap and two cloud resources
        #expect(Set(result.findings.filter { $0.object.identity.apiVersion == "cloudformation" }.map(\.ruleId)) == ["cloud-database-public", "cloud-messaging-unencrypted"])
        #expect(result.findings.first { $0.ruleId == "cloud-database-public" }?.location.range.start == SourcePosition(line: 4, column: 38))
    }

    @Test("SAM policy templates expand into the statements SAM writes; managed policy names become ARNs; unknown parameters stay unknown")
    func samPolicyTemplates() {
        let loaded = Support.cloudFormation("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Uploads:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Policies:
                    - AWSLambdaExecute
                    - S3CrudPolicy: {BucketName: acme-uploads}
                    - DynamoDBReadPolicy: {TableName: !Ref Table}
                    - SSMParameterReadPolicy: {ParameterName: app/*}
                    - NoSuchPolicyTemplate: {Whatever: x}
              Admin:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: admin.handler
                  Policies: AdministratorAccess
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  SSESpecification: {SSEEnabled: true}
            """)
        #expect(loaded.diagnostics.isEmpty)
        let roles = Dictionary(uniqueKeysWithValues: loaded.model.identities.map { ($0.resource.address, $0) })
        let uploads = roles["Uploads"]
        #expect(uploads?.managedPolicies.map(\.value) == ["arn:aws:iam::aws:policy/AWSLambdaExecute"])
        // S3CrudPolicy, DynamoDBReadPolicy and SSMParameterReadPolicy; the unknown template gives nothing.
        #expect(uploads?.policies.count == 3)
        let statements = uploads?.policies.flatMap(\.statements) ?? []
        #expect(statements.first?.actions.map(\.value).contains("s3:PutObject") == true)
        #expect(statements.first?.resources.map(\.value) == ["arn:aws:s3:::acme-uploads", "arn:aws:s3:::acme-uploads/*"])
        // The table's name is known only at deployment: no resource is guessed.
        #expect(statements[1].hasUnknowns && statements[1].resources.isEmpty)
        #expect(statements.last?.resources.map(\.value) == ["arn:aws:ssm:*:*:parameter/app/*"])
        // Each function runs as the role SAM makes for it.
        #expect(loaded.model.functions.map(\.role) == ["Uploads", "Admin"])
        let findings = Self.findings(loaded.model)
        #expect(findings.filter { $0.ruleId == "aws-lambda-admin-role" }.map(\.object.identity.name) == ["Admin"])
        #expect(findings.first { $0.ruleId == "aws-lambda-admin-role" }?.location.range.start == SourcePosition(line: 17, column: 17))
        #expect(!findings.contains { $0.ruleId == "aws-iam-sensitive-action-all-resources" || $0.ruleId == "aws-iam-policy-admin" })
    }

    @Test("Templates named *.template, *.cfn.yaml and *.cfn.json are found and loaded by content; other *.template files are text")
    func templateNames() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {PubliclyAccessible: true, StorageEncrypted: true, DeletionProtection: true}\n"
        try Support.write(database, to: dir.appendingPathComponent("stack.template"))
        try Support.write(database, to: dir.appendingPathComponent("network.cfn.yaml"))
        try Support.write(#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": false}}}}"#,
                          to: dir.appendingPathComponent("queue.cfn.json"))
        // A JSON template under .template, and a .template file that is no template (not even YAML).
        try Support.write(#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": false}}}}"#,
                          to: dir.appendingPathComponent("queue.template"))
        try Support.write("server {\n  listen {{ port }};\n  root: [unclosed\n}\n", to: dir.appendingPathComponent("nginx.conf.template"))
        let result = Support.scan([dir.path])
        #expect(result.inputErrors.isEmpty)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let cloud = result.findings.filter { $0.object.identity.apiVersion == "cloudformation" }
        #expect(Set(cloud.map { String($0.location.file.split(separator: "/").last ?? "") }) == ["stack.template", "network.cfn.yaml", "queue.cfn.json", "queue.template"])
        #expect(cloud.filter { $0.ruleId == "cloud-database-public" }.count == 2)
        #expect(cloud.filter { $0.ruleId == "cloud-messaging-unencrypted" }.count == 2)
        #expect(result.statistics.objects == 4)
    }

    @Test("Suppression comments above a resource, above a property or at the end of a line, as in manifests")
    func suppressions() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Support.write("""
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              # palisade:ignore cloud-database-public reporting replica, reviewed
              Reporting:
                Type: AWS::RDS::DBInstance
                Properties:
                  PubliclyAccessible: true
                  StorageEncrypted: true
                  DeletionProtection: true
              Main:
                Type: AWS::RDS::DBInstance
                Properties:
                  DeletionProtection: true
                  # palisade:ignore cloud-database-unencrypted migrated next sprint
                  StorageEncrypted: false
                  PubliclyAccessible: true # palisade:ignore cloud-database-public behind a NAT allow-list
              Other:
                Type: AWS::RDS::DBInstance
                Properties:
                  PubliclyAccessible: true
                  StorageEncrypted: true
                  DeletionProtection: true
              # palisade:ignore cloud-database-public
              Last:
                Type: AWS::SNS::Topic
                Properties: {KmsMasterKeyId: alias/aws/sns}
            # palisade:ignore cloud-database-public nothing below
            """, to: dir.appendingPathComponent("db.yaml"))
        let result = Support.scan([dir.path])
        #expect(result.findings.filter { $0.suppression == nil }.map { "\($0.ruleId) \($0.object.identity.name ?? "")" } == ["cloud-database-public Other"])
        #expect(result.findings.filter { $0.suppression != nil }.count == 3)
        let warnings = result.diagnostics.filter { $0.level == .warning }.map { "\($0.code) \($0.position?.line ?? 0)" }
        #expect(warnings.sorted() == ["invalid-suppression 23", "unused-suppression 27"])
    }

    /// The same misconfiguration in both languages.
    static let equivalents: [(hcl: String, cfn: String)] = [
        ("""
         resource "aws_security_group" "ssh" {
           name = "ssh"
           ingress {
             from_port   = 22
             to_port     = 22
             protocol    = "tcp"
             cidr_blocks = ["0.0.0.0/0"]
           }
         }
         """, """
         Resources:
           Ssh:
             Type: AWS::EC2::SecurityGroup
             Properties:
               GroupDescription: ssh
               SecurityGroupIngress:
                 - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
         """),
        ("""
         resource "aws_db_instance" "db" {
           engine              = "postgres"
           publicly_accessible = true
           backup_retention_period = 0
         }
         """, """
         Resources:
           Db:
             Type: AWS::RDS::DBInstance
             Properties:
               Engine: postgres
               PubliclyAccessible: true
               BackupRetentionPeriod: 0
         """),
        ("""
         resource "aws_s3_bucket" "site" {
           bucket = "acme-site"
         }

         resource "aws_s3_bucket_versioning" "site" {
           bucket = aws_s3_bucket.site.id
           versioning_configuration {
             status = "Enabled"
           }
         }

         resource "aws_s3_bucket_policy" "site" {
           bucket = aws_s3_bucket.site.id
           policy = jsonencode({
             Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme-site/*" }]
           })
         }
         """, """
         Resources:
           Site:
             Type: AWS::S3::Bucket
             Properties:
               BucketName: acme-site
               VersioningConfiguration: {Status: Enabled}
           SitePolicy:
             Type: AWS::S3::BucketPolicy
             Properties:
               Bucket: !Ref Site
               PolicyDocument:
                 Statement:
                   - {Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-site/*"}
         """),
        ("""
         resource "aws_instance" "app" {
           ami = "ami-123"
         }

         resource "aws_kms_key" "data" {
           enable_key_rotation = false
         }

         resource "aws_iam_user" "ops" {
           name = "ops"
         }

         resource "aws_iam_user_policy_attachment" "ops" {
           user       = aws_iam_user.ops.name
           policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
         }

         resource "aws_iam_access_key" "ops" {
           user = aws_iam_user.ops.name
         }
         """, """
         Resources:
           App:
             Type: AWS::EC2::Instance
             Properties: {ImageId: ami-123}
           Data:
             Type: AWS::KMS::Key
             Properties: {EnableKeyRotation: false}
           Ops:
             Type: AWS::IAM::User
             Properties:
               UserName: ops
               ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
           OpsKey:
             Type: AWS::IAM::AccessKey
             Properties: {UserName: !Ref Ops}
         """),
        ("""
         resource "aws_lambda_function" "api" {
           function_name = "api"
           role          = "arn:aws:iam::123456789012:role/api"
           environment {
             variables = { API_TOKEN = "f9a8d7c6b5a4e3" }
           }
         }

         resource "aws_lambda_function_url" "api" {
           function_name      = aws_lambda_function.api.function_name
           authorization_type = "NONE"
         }

         resource "aws_cloudwatch_log_group" "api" {
           retention_in_days = 7
         }
         """, """
         Transform: AWS::Serverless-2016-10-31
         Resources:
           Api:
             Type: AWS::Serverless::Function
             Properties:
               Role: arn:aws:iam::123456789012:role/api
               Environment: {Variables: {API_TOKEN: f9a8d7c6b5a4e3}}
               FunctionUrlConfig: {AuthType: NONE}
           Logs:
             Type: AWS::Logs::LogGroup
             Properties: {RetentionInDays: 7}
         """),
        // Settings named differently in the two languages: the finding paths still agree.
        ("""
         resource "aws_kinesis_stream" "events" {
           shard_count = 1
         }

         resource "aws_dynamodb_table" "orders" {
           hash_key = "id"
         }

         resource "aws_db_instance" "orders" {
           engine                              = "postgres"
           storage_encrypted                   = true
           deletion_protection                 = true
           backup_retention_period             = 7
           iam_database_authentication_enabled = false
         }

         resource "aws_sagemaker_notebook_instance" "lab" {
           role_arn               = "arn:aws:iam::123456789012:role/lab"
           instance_type          = "ml.t3.medium"
           direct_internet_access = "Enabled"
           root_access            = "Disabled"
         }
         """, """
         Resources:
           Events:
             Type: AWS::Kinesis::Stream
             Properties: {ShardCount: 1}
           Orders:
             Type: AWS::DynamoDB::Table
             Properties:
               KeySchema: [{AttributeName: id, KeyType: HASH}]
           OrdersDb:
             Type: AWS::RDS::DBInstance
             Properties:
               Engine: postgres
               StorageEncrypted: true
               DeletionProtection: true
               BackupRetentionPeriod: 7
               EnableIAMDatabaseAuthentication: false
           Lab:
             Type: AWS::SageMaker::NotebookInstance
             Properties:
               RoleArn: arn:aws:iam::123456789012:role/lab
               InstanceType: ml.t3.medium
               DirectInternetAccess: Enabled
               RootAccess: Disabled
         """),
    ]

    @Test("The same misconfiguration as HCL and as CloudFormation: the same rules, severities and paths")
    func equivalence() {
        for (hcl, cfn) in Self.equivalents {
            let terraform = Self.findings(Support.cloudModel(hcl))
            let template = Self.findings(Support.cloudModel(cfn))
            #expect(!terraform.isEmpty)
            // Addresses differ by language (`aws_db_instance.db`, `Db`): compare what is said of them.
            func said(_ findings: [Finding]) -> [String] {
                findings.map { f in
                    var path = f.path
                    for address in [f.object.identity.name ?? ""] + Self.addresses { path = path.replacing(address, with: "X") }
                    // Settings are named in each language's spelling (`deletion_protection`, `DeletionProtection`).
                    path = path.lowercased().replacing("_", with: "")
                    return "\(f.ruleId) \(f.severity) \(path)"
                }.sorted()
            }
            #expect(said(terraform) == said(template), "\(terraform.map(\.message)) vs \(template.map(\.message))")
        }
    }

    static let addresses = ["aws_security_group.ssh", "Ssh", "aws_iam_user.ops", "Ops", "ops"]
}
