package org.hpckernel.tracking;

/**
 * The GraphQL operations the W&B store sends. Operation names, argument names and result fields follow
 * the official client's operations (wandb/sdk/artifacts/_generated, core/api/graphql); the selections
 * are trimmed to the fields used here. Not verified against a live server.
 */
final class WandbQueries {

    private WandbQueries() {
    }

    /** Whose key it is: the login check and the default entity, as the official client's viewer query. */
    static final String VIEWER = """
            query Viewer {
                viewer { id entity username email }
            }
            """;

    static final String UPSERT_BUCKET = """
            mutation UpsertBucket($name: String, $project: String, $entity: String, $jobType: String) {
              upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, jobType: $jobType}) {
                bucket { id name project { id name entity { id name } } }
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

    private static final String ARTIFACT_FIELDS = """
            id versionIndex artifactType { name } digest state createdAt
            aliases { alias artifactCollection { name } }""";

    static final String ARTIFACT_BY_ID = "query ArtifactByID($id: ID!) { artifact(id: $id) { " + ARTIFACT_FIELDS + " } }";

    static final String ARTIFACT_MEMBERSHIP_BY_NAME = """
            query ArtifactMembershipByName($entity: String!, $project: String!, $name: String!) {
              project(name: $project, entityName: $entity) {
                artifactCollectionMembership(name: $name) {
                  id versionIndex
                  aliases { alias }
                  artifactCollection { name }
                  artifact { %s }
                }
              }
            }""".formatted(ARTIFACT_FIELDS);

    static final String FETCH_ARTIFACT_MANIFEST = """
            query FetchArtifactManifest($id: ID!) {
              artifact(id: $id) { currentManifest { file { directUrl } } }
            }""";

    static final String GET_MEMBERSHIP_FILE_URLS = """
            query GetArtifactMembershipFileUrls($entity: String!, $project: String!, $collection: String!, $alias: String!,
                $cursor: String, $perPage: Int) {
              project(name: $project, entityName: $entity) {
                artifactCollection(name: $collection) {
                  artifactMembership(aliasName: $alias) {
                    files(after: $cursor, first: $perPage) {
                      pageInfo { endCursor hasNextPage }
                      edges { node { name directUrl } }
                    }
                  }
                }
              }
            }""";

    static final String PROJECT_ARTIFACTS = """
            query ProjectArtifacts($entity: String!, $project: String!, $type: String!, $collection: String!,
                $cursor: String, $perPage: Int = 50) {
              project(entityName: $entity, name: $project) {
                artifactType(name: $type) {
                  artifactCollection(name: $collection) {
                    artifacts(after: $cursor, first: $perPage) {
                      totalCount
                      pageInfo { endCursor hasNextPage }
                      edges { version node { %s } }
                    }
                  }
                }
              }
            }""".formatted(ARTIFACT_FIELDS);

    static final String PROJECT_ARTIFACT_COLLECTIONS = """
            query ProjectArtifactCollections($entity: String!, $project: String!) {
              project(name: $project, entityName: $entity) {
                artifactTypes(first: 100) {
                  edges { node { name artifactCollections(first: 1000) { edges { node { name } } } } }
                }
              }
            }""";
}
