#!/usr/bin/env bash
# The demo job: an ISV publishes a package into four regions and follows its distribution until it settles,
# then an operator looks at the replication jobs. Needs the system running (./run-local.sh starts it).
#
#   ./demo.sh [package-service URL] [replication-service URL]
set -euo pipefail
packages=${1:-http://127.0.0.1:8081}
replication=${2:-http://127.0.0.1:8082}

token() {
	curl -fsS -X POST "$1/dev/tokens" -H 'Content-Type: application/json' -d "$2" \
		| sed 's/.*"token":"\([^"]*\)".*/\1/'
}
isv=$(token "$packages" '{"accountId":"isv-demo"}')
operator=$(token "$replication" '{"accountId":"ops-demo","roles":["operator"]}')
name="demo_$(date +%s)"

echo "demo: creating package $name with a draft for cn-shanghai, ap-southeast-1, us-west-1 and eu-central-1"
created=$(curl -fsS -X POST "$packages/v1/packages" -H "Authorization: Bearer $isv" \
	-H 'Content-Type: application/json' -H "Idempotency-Key: $name" -d '{
	"name": "'"$name"'",
	"tags": [{"key": "team", "value": "demo"}],
	"version": {
		"name": "release_1",
		"description": "WordPress on Alibaba Cloud Linux 3",
		"content": {"imageType": "CUSTOM", "sourceRegion": "cn-hangzhou", "sourceImageId": "m-bp1g7004ksh0oeuc",
			"imageSizeGib": 20},
		"regions": ["cn-shanghai", "ap-southeast-1", "us-west-1", "eu-central-1"]
	}}')
package_id=$(echo "$created" | sed 's/.*"id":"\(pkg-[a-z0-9]*\)".*/\1/')
echo "demo: package $package_id; publishing the draft as version 1"
curl -fsS -o /dev/null -X POST "$packages/v1/packages/$package_id/versions/draft/publish" \
	-H "Authorization: Bearer $isv" -H "Idempotency-Key: publish-$name"

started=$(date +%s)
status=DISTRIBUTING
while [ "$status" = DISTRIBUTING ]; do
	sleep 1
	version=$(curl -fsS "$packages/v1/packages/$package_id/versions/1" -H "Authorization: Bearer $isv")
	status=$(echo "$version" | grep -o '"description":"[^"]*","status":"[A-Z_]*"' | sed 's/.*"status":"\([A-Z_]*\)"/\1/')
	progress=$(echo "$version" | grep -o '"region":"[a-z0-9-]*","status":"[A-Z_]*","percent":[0-9]*' \
		| sed 's/"region":"\([^"]*\)","status":"\([^"]*\)","percent":\([0-9]*\)/\1 \2 \3%/' | paste -sd ',' -)
	echo "demo: $(($(date +%s) - started)) s  version 1 $status  [$progress]"
	if [ $(($(date +%s) - started)) -gt 300 ]; then
		echo "demo: the distribution did not settle in 5 minutes" >&2
		exit 1
	fi
done
echo "demo: version 1 is $status; regional images:"
echo "$version" | grep -o '"region":"[a-z0-9-]*","status":"[A-Z_]*","percent":[0-9]*,"regionalImageId":"[^"]*"' \
	| sed 's/"region":"\([^"]*\)","status":"\([^"]*\)".*"regionalImageId":"\([^"]*\)"/  \1  \2  \3/'
jobs=$(curl -fsS "$replication/v1/replication-jobs?packageId=$package_id" -H "Authorization: Bearer $operator" \
	| grep -o '"status":"SUCCEEDED"' | wc -l)
echo "demo: replication-service reports $jobs succeeded jobs for $package_id"
[ "$status" = AVAILABLE ]
