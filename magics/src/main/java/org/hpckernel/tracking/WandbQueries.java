package org.hpckernel.tracking;

/**
 * The GraphQL operations the W&B store sends. Each has the shape (name, type, variables, fields requested,
 * arguments) of the official client's operation of the same name: the Go core's (core/api/graphql) for
 * the login check, the run and the upload, the Python SDK's generated ones (wandb/sdk/artifacts/_generated)
 * for reading. WandbOperationsTest holds them to that shape, with the few differences it allows.
 * Fields the official client asks for and this store does not read are asked for all the same, so a
 * server sees the requests it sees from the official client. Not verified against a live server.
 */
final class WandbQueries {

    private WandbQueries() {}

    /** Whose key it is: the login check and the default entity, as the official client's viewer query. */
    static final String VIEWER = """
            query Viewer {
                viewer { id entity username email flags teams { edges { node { name } } } }
            }
            """;

    /** Creates the run an artifact is logged by; the variables not sent are absent, as in the official client. */
    static final String UPSERT_BUCKET = """
            mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, $groupName: String,
                $description: String, $displayName: String, $notes: String, $commit: String, $config: JSONString,
                $host: String, $debug: Boolean, $program: String, $repo: String, $jobType: String, $state: String,
                $sweep: String, $tags: [String!], $summaryMetrics: JSONString) {
              upsertBucket(input: {id: $id, name: $name, groupName: $groupName, modelName: $project, entityName: $entity,
                  description: $description, displayName: $displayName, notes: $notes, config: $config, commit: $commit,
                  host: $host, debug: $debug, jobProgram: $program, jobRepo: $repo, jobType: $jobType, state: $state,
                  sweep: $sweep, tags: $tags, summaryMetrics: $summaryMetrics}) {
                bucket { id name displayName description config sweepName project { id name entity { id name } } historyLineCount }
                inserted
              }
            }""";

    static final String CREATE_ARTIFACT = """
            mutation CreateArtifact($input: CreateArtifactInput!) {
              createArtifact(input: $input) {
                artifact { id state artifactSequence { latestArtifact { id } } }
              }
            }""";

    static final String CREATE_ARTIFACT_MANIFEST = """
            mutation CreateArtifactManifest($artifactID: ID!, $baseArtifactID: ID, $name: String!, $digest: String!,
                $entityName: String!, $projectName: String!, $runName: String!, $manifestType: ArtifactManifestType!,
                $includeUpload: Boolean!) {
              createArtifactManifest(input: {artifactID: $artifactID, baseArtifactID: $baseArtifactID, name: $name,
                  digest: $digest, entityName: $entityName, projectName: $projectName, runName: $runName,
                  type: $manifestType}) {
                artifactManifest {
                  id
                  file { id uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) }
                }
              }
            }""";

    static final String CREATE_ARTIFACT_FILES = """
            mutation CreateArtifactFiles($artifactFiles: [CreateArtifactFileSpecInput!]!, $storageLayout: ArtifactStorageLayout!) {
              createArtifactFiles(input: {artifactFiles: $artifactFiles, storageLayout: $storageLayout}) {
                files { edges { node { storagePath uploadUrl uploadHeaders
                  uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } } artifact { id } } } }
              }
            }""";

    /** Ends a multipart upload: the parts with their ETags (the official client's complete_multipart_upload_artifact). */
    static final String COMPLETE_MULTIPART_UPLOAD_ARTIFACT = """
            mutation CompleteMultipartUploadArtifact($completeMultipartAction: CompleteMultipartAction!, $completedParts: [UploadPartsInput!]!,
                $artifactID: ID!, $storagePath: String!, $uploadID: String!) {
              completeMultipartUploadArtifact(input: {completeMultipartAction: $completeMultipartAction, completedParts: $completedParts,
                  artifactID: $artifactID, storagePath: $storagePath, uploadID: $uploadID}) { digest }
            }""";

    static final String COMMIT_ARTIFACT = """
            mutation CommitArtifact($artifactID: ID!) {
              commitArtifact(input: {artifactID: $artifactID}) { artifact { id digest } }
            }""";

    /** A project, by its identifying fields (the official ProjectInfoFragment). */
    private static final String PROJECT_INFO = "project { id internalId name entity { name } }";

    /** An artifact as the official ArtifactFragment asks for it; its aliases only if $includeAliases. */
    private static final String ARTIFACT_FIELDS = """
            __typename id artifactSequence { __typename name %1$s } versionIndex artifactType { name }
            description metadata ttlDurationSeconds ttlIsInherited tags { __typename id name } historyStep state size
            digest commitHash fileCount createdAt updatedAt
            aliases @include(if: $includeAliases) { artifactCollection { __typename name %1$s } __typename id alias }\
            """.formatted(PROJECT_INFO);

    static final String ARTIFACT_BY_ID =
            "query ArtifactByID($id: ID!, $includeAliases: Boolean = true) { artifact(id: $id) { " + ARTIFACT_FIELDS
                    + " } }";

    /** $includeAliases is false: the membership's own aliases, not all of the artifact's (as the official client). */
    static final String ARTIFACT_MEMBERSHIP_BY_NAME = """
            query ArtifactMembershipByName($entity: String!, $project: String!, $name: String!, $includeAliases: Boolean = false) {
              project(name: $project, entityName: $entity) {
                artifactCollectionMembership(name: $name) {
                  __typename id versionIndex
                  aliases { __typename id alias }
                  artifactCollection { __typename name %s }
                  artifact { %s }
                }
              }
            }""".formatted(PROJECT_INFO, ARTIFACT_FIELDS);

    static final String FETCH_ARTIFACT_MANIFEST = """
            query FetchArtifactManifest($id: ID!) {
              artifact(id: $id) { currentManifest { file { directUrl } } }
            }""";

    static final String GET_MEMBERSHIP_FILE_URLS = """
            query GetArtifactMembershipFileUrls($entity: String!, $project: String!, $collection: String!, $alias: String!,
                $cursor: String, $perPage: Int) {
              project(name: $project, entityName: $entity) {
                artifactCollection(name: $collection) {
                  __typename
                  artifactMembership(aliasName: $alias) {
                    files(after: $cursor, first: $perPage) {
                      pageInfo { __typename endCursor hasNextPage }
                      edges { node { __typename name directUrl } }
                    }
                  }
                }
              }
            }""";

    static final String PROJECT_ARTIFACTS = """
            query ProjectArtifacts($entity: String!, $project: String!, $type: String!, $collection: String!,
                $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString, $includeAliases: Boolean = true) {
              project(entityName: $entity, name: $project) {
                artifactType(name: $type) {
                  artifactCollection(name: $collection) {
                    __typename
                    artifacts(after: $cursor, first: $perPage, order: $order, filters: $filters) {
                      totalCount
                      pageInfo { __typename endCursor hasNextPage }
                      edges { version node { %s } }
                    }
                  }
                }
              }
            }""".formatted(ARTIFACT_FIELDS);

    /**
     * The project's collections, a page at a time. As the official client sends it to a server without the
     * ARTIFACT_COLLECTIONS_FILTERING_SORTING feature: no $filters and no totalCount (older servers refuse them).
     */
    static final String PROJECT_ARTIFACT_COLLECTIONS = """
            query ProjectArtifactCollections($entity: String!, $project: String!, $cursor: String, $perPage: Int, $order: String) {
              project(entityName: $entity, name: $project) {
                artifactCollections(after: $cursor, first: $perPage, order: $order) {
                  pageInfo { __typename endCursor hasNextPage }
                  edges { node { __typename id name description createdAt updatedAt %s
                      type: defaultArtifactType { name } tags { edges { node { __typename id name } } } } }
                }
              }
            }""".formatted(PROJECT_INFO);
}
