import PalisadeCore

/// SAM's policy templates (`Policies: [{S3CrudPolicy: {BucketName: x}}]`), expanded into the
/// statements SAM writes into the function's role, so IAM rules judge them like any policy. The
/// common templates only, from SAM's `policy_templates.json`; one SAM does not know expands to
/// nothing (no finding is better than a guess). A parameter whose value is unknown makes the
/// resources it builds unknown; region and account, which only a deployment knows, are `*`.
enum SAMPolicyTemplates {
    struct Statement {
        var actions: [String]
        /// ARNs with `{Parameter}` placeholders.
        var resources: [String]
    }

    static let s3Bucket = ["arn:aws:s3:::{BucketName}", "arn:aws:s3:::{BucketName}/*"]
    static let table = ["arn:aws:dynamodb:*:*:table/{TableName}", "arn:aws:dynamodb:*:*:table/{TableName}/index/*"]

    static let templates: [String: [Statement]] = [
        "S3ReadPolicy": [Statement(actions: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"], resources: s3Bucket)],
        "S3WritePolicy": [Statement(actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"], resources: s3Bucket)],
        "S3CrudPolicy": [Statement(actions: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl",
                                             "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:DeleteObject"], resources: s3Bucket)],
        "S3FullAccessPolicy": [
            Statement(actions: ["s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject", "s3:DeleteObjectTagging",
                                "s3:DeleteObjectVersionTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
                      resources: ["arn:aws:s3:::{BucketName}/*"]),
            Statement(actions: ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"], resources: ["arn:aws:s3:::{BucketName}"]),
        ],
        "DynamoDBReadPolicy": [Statement(actions: ["dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"], resources: table)],
        "DynamoDBWritePolicy": [Statement(actions: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"], resources: table)],
        "DynamoDBCrudPolicy": [Statement(actions: ["dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem",
                                                   "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"], resources: table)],
        "SQSPollerPolicy": [Statement(actions: ["sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
                                                "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], resources: ["arn:aws:sqs:*:*:{QueueName}"])],
        "SQSSendMessagePolicy": [Statement(actions: ["sqs:SendMessage*"], resources: ["arn:aws:sqs:*:*:{QueueName}"])],
        "SNSPublishMessagePolicy": [Statement(actions: ["sns:Publish"], resources: ["arn:aws:sns:*:*:{TopicName}"])],
        "LambdaInvokePolicy": [Statement(actions: ["lambda:InvokeFunction"], resources: ["arn:aws:lambda:*:*:function:{FunctionName}*"])],
        "KMSDecryptPolicy": [Statement(actions: ["kms:Decrypt"], resources: ["arn:aws:kms:*:*:key/{KeyId}"])],
        "KMSEncryptPolicy": [Statement(actions: ["kms:Encrypt"], resources: ["arn:aws:kms:*:*:key/{KeyId}"])],
        "SSMParameterReadPolicy": [
            Statement(actions: ["ssm:DescribeParameters"], resources: ["*"]),
            Statement(actions: ["ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"], resources: ["arn:aws:ssm:*:*:parameter/{ParameterName}"]),
        ],
        "AWSSecretsManagerGetSecretValuePolicy": [Statement(actions: ["secretsmanager:GetSecretValue"], resources: ["{SecretArn}"])],
        "StepFunctionsExecutionPolicy": [Statement(actions: ["states:StartExecution"], resources: ["arn:aws:states:*:*:stateMachine:{StateMachineName}"])],
        "EventBridgePutEventsPolicy": [Statement(actions: ["events:PutEvents"], resources: ["arn:aws:events:*:*:event-bus/{EventBusName}"])],
        "CloudWatchPutMetricPolicy": [Statement(actions: ["cloudwatch:PutMetricData"], resources: ["*"])],
        "VPCAccessPolicy": [Statement(actions: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DetachNetworkInterface"], resources: ["*"])],
    ]

    /// The policy document a `{TemplateName: {Parameter: value}}` entry stands for, every value
    /// placed at the entry; nil for anything else.
    static func document(_ entry: CloudValue) -> CloudValue? {
        guard let members = entry.members, members.count == 1, let statements = templates[members[0].key] else { return nil }
        let parameters = members[0].value
        let site = entry.site
        func text(_ value: String) -> CloudValue { CloudValue(.string(value), site: site) }
        func resource(_ pattern: String) -> CloudValue {
            var result = pattern
            while let open = result.firstIndex(of: "{"), let close = result[open...].firstIndex(of: "}") {
                let name = String(result[result.index(after: open)..<close])
                guard let value = parameters[name], value.isKnown, let known = value.string else { return .unknown(site) }
                result.replaceSubrange(open...close, with: known)
            }
            return text(result)
        }
        let listed = statements.map { statement in
            CloudValue(.object([
                CloudValue.Member(key: "Effect", value: text("Allow")),
                CloudValue.Member(key: "Action", value: CloudValue(.list(statement.actions.map(text)), site: site)),
                CloudValue.Member(key: "Resource", value: CloudValue(.list(statement.resources.map(resource)), site: site)),
            ]), site: site)
        }
        return CloudValue(.object([CloudValue.Member(key: "Statement", value: CloudValue(.list(listed), site: site))]), site: site)
    }
}
