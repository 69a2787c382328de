-- CreateIndex
CREATE INDEX "module_versions_moduleId_createdAt_id_idx" ON "module_versions"("moduleId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "node_instances_runningModules_idx" ON "node_instances" USING GIN ("runningModules" jsonb_path_ops);
