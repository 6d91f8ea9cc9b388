{{- define "vsa.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vsa.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "vsa.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vsa.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vsa.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "vsa.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/part-of: vaultserver-admission
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret holding the serving certificate. */}}
{{- define "vsa.tlsSecretName" -}}
{{- if eq .Values.certificates.mode "secret" }}{{ .Values.certificates.secret.name }}{{ else }}{{ include "vsa.fullname" . }}-tls{{ end }}
{{- end }}

{{- define "vsa.serviceHost" -}}
{{ include "vsa.fullname" . }}.{{ .Release.Namespace }}.svc
{{- end }}

{{/*
The serving certificate and CA of mode "generate": the ones in the existing Secret when there is one
(so `helm upgrade` keeps them and the caBundle stays valid), else new ones. Computed once per render.
*/}}
{{- /* The generated CA and serving certificate: those of an earlier install (read with lookup) while they have more than
renewBeforeDays left, else new ones. notAfter (seconds since the epoch) is kept on the Secret, since Helm's template
functions cannot read a certificate's dates. */}}
{{- define "vsa.generatedTls" -}}
{{- $secretName := include "vsa.tlsSecretName" . }}
{{- $existing := dict }}
{{- if .Values.certificates.generate.reuseExisting }}
{{- $existing = lookup "v1" "Secret" .Release.Namespace $secretName | default dict }}
{{- end }}
{{- $data := $existing.data | default dict }}
{{- $annotations := ($existing.metadata | default dict).annotations | default dict }}
{{- $notAfter := index $annotations "vaultserver-admission.dev/not-after" | default "0" | int64 }}
{{- $renewBefore := mul (int .Values.certificates.generate.renewBeforeDays) 86400 | int64 }}
{{- $fresh := gt (sub $notAfter (now | unixEpoch | int64)) $renewBefore }}
{{- if and (index $data "tls.crt") (index $data "tls.key") (index $data "ca.crt") $fresh }}
ca: {{ index $data "ca.crt" }}
crt: {{ index $data "tls.crt" }}
key: {{ index $data "tls.key" }}
notAfter: {{ $notAfter | quote }}
{{- else }}
{{- $svc := include "vsa.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $days := int .Values.certificates.generate.validityDays }}
{{- $ca := genCA (printf "%s-ca" $svc) $days }}
{{- $dns := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns) }}
{{- $cert := genSignedCert (printf "%s.%s.svc" $svc $ns) nil $dns $days $ca }}
ca: {{ $ca.Cert | b64enc }}
crt: {{ $cert.Cert | b64enc }}
key: {{ $cert.Key | b64enc }}
notAfter: {{ add (now | unixEpoch | int64) (mul $days 86400) | quote }}
{{- end }}
{{- end }}

{{/* Namespaces both webhooks skip: the release's own, kube-system, and the user's. */}}
{{- define "vsa.namespaceSelector" -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
      {{- toYaml (concat (list .Release.Namespace "kube-system") .Values.webhook.excludeNamespaces | uniq) | nindent 6 }}
  {{- with .Values.webhook.namespaceSelectorExpressions }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}

{{- /* The resources both webhooks act on; the validating one also on DELETE (terminationPolicy DoNotTerminate). */}}
{{- define "vsa.rules" -}}
- apiGroups: ["kubevault.com"]
  apiVersions: ["v1alpha1", "v1alpha2"]
  operations: {{ if .deletes }}["CREATE", "UPDATE", "DELETE"]{{ else }}["CREATE", "UPDATE"]{{ end }}
  resources: ["vaultservers"]
  scope: Namespaced
{{- end }}
